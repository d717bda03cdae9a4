using System.CommandLine;
using System.CommandLine.Parsing;

namespace TrailNormalizer.Cli;

/// <summary>
/// Turns parse errors into lines a newcomer can act on: an unknown option or command is named with the closest
/// known one ("unknown option '--output'; did you mean '--out'?"), and then errors it causes (a required option
/// seen as missing) are left out.
/// </summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (!command.TreatUnmatchedTokensAsErrors)
        {
            return parsed.Errors.Select(error => error.Message).ToList();
        }

        var tokens = UnknownTokens(parsed);
        if (command.Subcommands.Count > 0)
        {
            // 'trailnorm verfy ev': everything after an unknown command is unknown too; name only the command.
            tokens = tokens.Take(1);
        }

        var unknown = tokens.Select(token => Unknown(command, token)).ToList();
        return unknown.Count > 0 ? unknown : parsed.Errors.Select(error => error.Message).ToList();
    }

    /// <summary>
    /// Unmatched tokens, and tokens that look like an option but were taken as an argument value
    /// (<c>normalize --output x in/</c> would otherwise read an input called "--output"); a value with a space
    /// (a SQL text starting with a "--" comment) is not an option.
    /// </summary>
    private static IEnumerable<string> UnknownTokens(ParseResult parsed)
    {
        var optionLike = parsed.Tokens
            .TakeWhile(token => token.Type != TokenType.DoubleDash)
            .Where(token => token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !char.IsAsciiDigit(token.Value[1])
                && !token.Value.Contains(' ', StringComparison.Ordinal))
            .Select(token => token.Value);
        return optionLike.Concat(parsed.UnmatchedTokens).Distinct(StringComparer.Ordinal);
    }

    private static string Unknown(Command command, string token)
    {
        bool isOption = token.StartsWith('-') && token.Length > 1;
        var known = isOption ? OptionNames(command) : command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name));
        string kind = isOption ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
        string? closest = Closest(token.Split('=', 2)[0], known);
        return closest is null ? $"unknown {kind} '{token}'" : $"unknown {kind} '{token}'; did you mean '{closest}'?";
    }

    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.AsEnumerable();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options = options.Concat(parent.Options.Where(o => o.Recursive));
        }

        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(name => name.StartsWith("--", StringComparison.Ordinal));
    }

    /// <summary>A name the token starts with or that starts with the token (--output → --out), else the nearest by edit distance within a third of its length.</summary>
    private static string? Closest(string token, IEnumerable<string> names)
    {
        var candidates = names.Distinct(StringComparer.Ordinal).ToList();
        var prefix = candidates
            .Where(name => name.Length > 2 && token.Length > 2 && (token.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(token, StringComparison.Ordinal)))
            .OrderBy(name => Math.Abs(name.Length - token.Length))
            .FirstOrDefault();
        if (prefix is not null)
        {
            return prefix;
        }

        int limit = Math.Max(2, token.Length / 3);
        return candidates
            .Select(name => (Name: name, Distance: EditDistance(token, name)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
