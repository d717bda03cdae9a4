using System.Net;
using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Azure.WitnessCopy;

// The Azure Functions custom handler: the host starts this process, sets FUNCTIONS_CUSTOMHANDLER_PORT and POSTs
// each invocation to /<FunctionName> on 127.0.0.1.
var log = new HandlerLog(Console.Out);
HandlerServices services;
OutboundServices outbound;
HandlerSettings settings;
try
{
    settings = HandlerSettings.FromEnvironment();
    services = HandlerStartup.Open(settings, log);
}
catch (Exception ex) when (ex is SettingsException or StorageConfigurationException)
{
    Console.Error.WriteLine($"trailnorm-handler: refusing to start: {ex.Message}");
    return 2;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"trailnorm-handler: refusing to start: the evidence container cannot be checked: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    return 3;
}

try
{
    outbound = OutboundServices.Open(OutboundSettings.FromEnvironment(settings.DevelopmentMode), settings.LogOrigin, settings.DevelopmentMode,
        () => BlobClientFactory.ManagedIdentity(settings.ManagedIdentityClientId), log);
}
catch (Exception ex) when (ex is SettingsException or StorageConfigurationException)
{
    Console.Error.WriteLine($"trailnorm-handler: refusing to start: {ex.Message}");
    return 2;
}
catch (Exception ex)
{
    // The optional copies: the witness container, Log Analytics and the findings topic (Forwarding/OutboundSettings.cs).
    Console.Error.WriteLine($"trailnorm-handler: refusing to start: the outbound copies (witness container, Log Analytics, findings topic) cannot be set up: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    return 3;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, services.Settings.Port);
    kestrel.Limits.MaxRequestBodySize = FunctionEndpoint.MaxInvocationBytes;
    kestrel.AddServerHeader = false;
});

var app = builder.Build();
var ingest = new EventIngest(services);
var eventGrid = new EventGridFunction(ingest);
var webhook = new WebhookFunction(services, ingest);
var seal = new WitnessedSealFunction(new SealFunction(services), services, outbound.Witness);
var follow = new FollowFunction(services);
var forward = new ForwardFunction(services, outbound);
app.MapPost("/EventGrid", FunctionEndpoint.For("EventGrid", eventGrid.Invoke, log));
app.MapPost("/Webhook", FunctionEndpoint.For("Webhook", webhook.Invoke, log));
app.MapPost("/Seal", FunctionEndpoint.For("Seal", seal.Invoke, log));
app.MapPost("/Follow", FunctionEndpoint.For("Follow", follow.Invoke, log));
app.MapPost("/Forward", FunctionEndpoint.For("Forward", forward.Invoke, log));
app.Run();
return 0;
