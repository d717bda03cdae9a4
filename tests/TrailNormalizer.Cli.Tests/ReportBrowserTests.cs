using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

/// <summary>
/// The audit report as a person opens it: rendered by headless Chromium, with no console errors (the page's CSP would
/// log any script or network load), the banner, the control table, both charts and the sample links present, printable
/// to PDF. The screenshot and the PDF are kept in tests/TrailNormalizer.Cli.Tests/TestResults/report/ (not committed).
/// </summary>
public sealed class ReportBrowserTests(ChromiumFixture browser) : IClassFixture<ChromiumFixture>, IDisposable
{
    private static readonly string Artifacts = Path.Combine(RepoPaths.Root, "tests", "TrailNormalizer.Cli.Tests", "TestResults", "report");
    private readonly AuditEvidence _evidence = new();

    public void Dispose() => _evidence.Dispose();

    [Fact]
    public async Task The_demo_audit_report_renders_in_chromium_with_banner_control_table_charts_and_proof_links()
    {
        string pack = _evidence.Dir["pack"];
        var audit = _evidence.Audit(pack, "--from", "2026-03-07T00:00:00Z", "--to", "2026-03-21T00:00:00Z");
        audit.ExitCode.Should().Be(0, audit.Out + audit.Error);
        var plain = CliRun.Of("report", _evidence.Evidence, "--out", _evidence.Dir["plain.md"], "--html", _evidence.Dir["plain.html"]);
        plain.ExitCode.Should().Be(0, plain.Error);

        var chromium = browser.Chromium;
        await chromium.OpenAsync(Path.Combine(pack, "report.html"));

        chromium.Errors.Should().BeEmpty();
        (await Text(chromium, "#banner .verdict")).Should().Contain("Evidence verified intact");
        (await Text(chromium, "#banner")).Should().Contain($"tree size {_evidence.Batches}").And.Contain("Test Auditor").And.Contain("SHA-256 ");
        int controls = await Count(chromium, "#control-table tbody tr:not(.framework)");
        controls.Should().BeGreaterThanOrEqualTo(28, "every control of the catalogue has a row");
        (await Text(chromium, "#control-table tr.requested")).Should().Contain("CC7.2").And.Contain("Monitoring of system components").And.Contain("logging-tamper");
        (await Count(chromium, "#activity-chart .lane")).Should().Be(_evidence.Partitions);
        (await Count(chromium, "#activity-chart rect.bar")).Should().BePositive();
        (await Count(chromium, "#activity-chart rect.gap")).Should().BePositive("the period starts days before the first event");
        (await Count(chromium, "#incident-chart rect.bar")).Should().BePositive();
        (await Number(chromium, "document.querySelector('#activity-chart').getBoundingClientRect().height")).Should().BeGreaterThan(100);
        (await Text(chromium, "#partitions-table")).Should().Contain("global").And.NotContain("nl", "an Entra sign-in's country is not a region");
        var links = (await chromium.EvaluateAsync("[...document.querySelectorAll('#sample-table a')].map(a => a.getAttribute('href')).join('\\n')"))!.GetValue<string>().Split('\n');
        links.Should().HaveCount(Math.Min(5, _evidence.EventsWith("control:soc2:CC7.2").Count)).And.NotBeEmpty().And.OnlyContain(href => File.Exists(Path.Combine(pack, href)));

        Directory.CreateDirectory(Artifacts);
        byte[] png = await chromium.ScreenshotAsync();
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "audit-report.png"), png);
        byte[] pdf = await chromium.PrintToPdfAsync();
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "audit-report.pdf"), pdf);
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-");

        await chromium.OpenAsync(_evidence.Dir["plain.html"]);

        chromium.Errors.Should().BeEmpty();
        (await Text(chromium, "#banner .verdict")).Should().Contain("Not verified by this report");
        (await Count(chromium, "#control-table tbody tr:not(.framework)")).Should().Be(controls);
        (await Count(chromium, "#activity-chart rect.bar")).Should().BePositive();
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "coverage-report.png"), await chromium.ScreenshotAsync());
    }

    [Fact]
    public async Task A_failed_audit_shows_a_red_banner_naming_the_failures()
    {
        string batch = Directory.EnumerateFiles(Path.Combine(_evidence.Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.SetUnixFileMode(batch, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(batch);
        string pack = _evidence.Dir["pack"];
        _evidence.Audit(pack).ExitCode.Should().Be(1);

        var chromium = browser.Chromium;
        await chromium.OpenAsync(Path.Combine(pack, "report.html"));

        chromium.Errors.Should().BeEmpty();
        (await Text(chromium, "#banner .verdict")).Should().Contain("Verification FAILED");
        (await Text(chromium, "#banner .failures")).Should().Contain("missing: events/");
        (await chromium.EvaluateAsync("getComputedStyle(document.querySelector('#banner')).borderTopColor"))!.GetValue<string>().Should().Be("rgb(207, 34, 46)");
        Directory.CreateDirectory(Artifacts);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "failed-audit-report.png"), await chromium.ScreenshotAsync());

        // The error check can fail: a page under the report's policy that tries to run a script and load an image logs errors.
        string page = _evidence.Dir["broken.html"];
        string head = File.ReadAllText(Path.Combine(pack, "report.html")).Split("<title>")[0];
        await File.WriteAllTextAsync(page, head + "<title>x</title></head><body><script>console.error('ran')</script><img src=\"http://192.0.2.1/x.png\"></body></html>");
        await chromium.OpenAsync(page);
        chromium.Errors.Should().NotBeEmpty().And.Contain(e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    private static async Task<string> Text(HeadlessChromium chromium, string selector) =>
        (await chromium.EvaluateAsync($"(document.querySelector({Js(selector)}) || {{}}).textContent || ''"))!.GetValue<string>();

    private static async Task<int> Count(HeadlessChromium chromium, string selector) =>
        (int)(await Number(chromium, $"document.querySelectorAll({Js(selector)}).length"));

    private static async Task<double> Number(HeadlessChromium chromium, string expression) =>
        (await chromium.EvaluateAsync(expression))!.GetValue<double>();

    private static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}

/// <summary>One headless Chromium for the report tests (they run one after another), to keep the suite's time small.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("chromium did not start");

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.StartAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
