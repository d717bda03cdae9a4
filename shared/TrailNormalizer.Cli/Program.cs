namespace TrailNormalizer.Cli;

internal static class Program
{
    private static int Main(string[] args) => TrailnormApp.Run(args, CliConsole.System());
}
