using System.Globalization;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Cli.Query;

/// <summary>A parameter a saved query declares: <c>-- param: NAME TYPE [(default VALUE)] DESCRIPTION</c>.</summary>
public sealed record SavedQueryParameter(string Name, string Type, string? Default, string Description)
{
    public static readonly string[] Types = ["text", "timestamp", "integer"];

    /// <summary>The value bound to <c>$NAME</c>: text as is, a timestamp as a UTC <see cref="DateTime"/>, an integer as a long.</summary>
    public object Convert(string value) => Type switch
    {
        "timestamp" => OcsfTime.ParseIso(value) is long ms
            ? DateTime.SpecifyKind(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime, DateTimeKind.Unspecified)
            : throw new CliException($"query: --param {Name}={value}: not an ISO 8601 time (e.g. 2026-03-14 or 2026-03-14T06:00:00Z)", ExitCodes.Usage),
        "integer" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n)
            ? n
            : throw new CliException($"query: --param {Name}={value}: not an integer", ExitCodes.Usage),
        _ => value,
    };
}

/// <summary>
/// A query shipped in <c>schemas/queries/NAME.sql</c>. Its header comments give <c>-- name:</c>,
/// <c>-- description:</c> and one <c>-- param:</c> line per parameter; the SQL refers to them as <c>$NAME</c>
/// and they are bound as prepared-statement parameters, never spliced into the text.
/// </summary>
public sealed partial record SavedQuery(string Name, string Description, IReadOnlyList<SavedQueryParameter> Parameters, string Sql)
{
    public static SavedQuery Parse(string fileName, string text)
    {
        string? name = null;
        string? description = null;
        var parameters = new List<SavedQueryParameter>();
        foreach (string line in text.Split('\n').Select(l => l.TrimEnd('\r')).TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)))
        {
            if (line.StartsWith("-- name:", StringComparison.Ordinal))
            {
                name = line["-- name:".Length..].Trim();
            }
            else if (line.StartsWith("-- description:", StringComparison.Ordinal))
            {
                description = line["-- description:".Length..].Trim();
            }
            else if (line.StartsWith("-- param:", StringComparison.Ordinal))
            {
                var m = ParamLine().Match(line);
                if (!m.Success || !SavedQueryParameter.Types.Contains(m.Groups["type"].Value))
                {
                    throw new FormatException($"{fileName}: bad parameter line (want '-- param: NAME text|timestamp|integer [(default V)] DESCRIPTION'): {line}");
                }

                parameters.Add(new SavedQueryParameter(m.Groups["name"].Value, m.Groups["type"].Value,
                    m.Groups["default"].Success ? m.Groups["default"].Value : null, m.Groups["description"].Value));
            }
        }

        if (name is null || description is null)
        {
            throw new FormatException($"{fileName}: the header needs '-- name:' and '-- description:' lines");
        }

        return new SavedQuery(name, description, parameters, text);
    }

    /// <summary>The parameter values from <c>KEY=VALUE</c> arguments, defaults filled in; unknown or missing ones are a usage error.</summary>
    public IReadOnlyDictionary<string, object?> Bind(IEnumerable<string> arguments)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            int eq = argument.IndexOf('=', StringComparison.Ordinal);
            string key = eq > 0 ? argument[..eq] : argument;
            if (eq <= 0 || Parameters.All(p => p.Name != key))
            {
                throw new CliException($"query: --param {argument}: {Name} takes {Usage()}", ExitCodes.Usage);
            }

            given[key] = argument[(eq + 1)..];
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            string value = given.GetValueOrDefault(p.Name) ?? p.Default
                ?? throw new CliException($"query: {Name} needs --param {p.Name}=… ({p.Description})", ExitCodes.Usage);
            values[p.Name] = p.Convert(value);
        }

        return values;
    }

    public string Usage() =>
        Parameters.Count == 0 ? "no parameters" : string.Join(" ", Parameters.Select(p => p.Default is null ? $"{p.Name}=…" : $"[{p.Name}=…]"));

    [GeneratedRegex(@"^-- param: (?<name>[a-z_][a-z0-9_]*) (?<type>\w+)(?: \(default (?<default>[^)]*)\))? (?<description>.+)$")]
    private static partial Regex ParamLine();
}
