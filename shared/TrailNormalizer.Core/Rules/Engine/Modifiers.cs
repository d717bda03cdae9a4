namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>The modifiers written after a field name (<c>field|contains|all</c>), checked for names and combinations.</summary>
internal sealed class Modifiers
{
    /// <summary>Sigma modifiers this engine knows but does not implement, with why.</summary>
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["wide"] = "UTF-16 encodings are not supported",
        ["utf16"] = "UTF-16 encodings are not supported",
        ["utf16le"] = "UTF-16 encodings are not supported",
        ["utf16be"] = "UTF-16 encodings are not supported",
        ["expand"] = "placeholders are not supported",
        ["neq"] = "the neq modifier is not supported",
        ["minute"] = "time modifiers are not supported",
        ["hour"] = "time modifiers are not supported",
        ["day"] = "time modifiers are not supported",
        ["week"] = "time modifiers are not supported",
        ["month"] = "time modifiers are not supported",
        ["year"] = "time modifiers are not supported",
    };

    public bool Contains { get; private set; }

    public bool StartsWith { get; private set; }

    public bool EndsWith { get; private set; }

    public bool All { get; private set; }

    public bool Re { get; private set; }

    public bool ReIgnoreCase { get; private set; }

    public bool ReMultiline { get; private set; }

    public bool ReSingleline { get; private set; }

    public bool Exists { get; private set; }

    public bool Cased { get; private set; }

    public bool Cidr { get; private set; }

    public NumericComparison? Numeric { get; private set; }

    public bool Base64 { get; private set; }

    public bool Base64Offset { get; private set; }

    public bool FieldRef { get; private set; }

    public bool Windash { get; private set; }

    /// <summary>Parses the modifier names; returns an error message, or null when they are valid together.</summary>
    public static string? TryParse(IEnumerable<string> names, out Modifiers modifiers)
    {
        modifiers = new Modifiers();
        foreach (string name in names)
        {
            string? error = modifiers.Add(name);
            if (error is not null)
            {
                return error;
            }
        }

        return modifiers.Check();
    }

    private string? Add(string name)
    {
        switch (name)
        {
            case "contains": Contains = true; break;
            case "startswith": StartsWith = true; break;
            case "endswith": EndsWith = true; break;
            case "all": All = true; break;
            case "re": Re = true; break;
            case "i" when Re: ReIgnoreCase = true; break;
            case "m" when Re: ReMultiline = true; break;
            case "s" when Re: ReSingleline = true; break;
            case "exists": Exists = true; break;
            case "cased": Cased = true; break;
            case "cidr": Cidr = true; break;
            case "gt": Numeric = NumericComparison.Greater; break;
            case "gte": Numeric = NumericComparison.GreaterOrEqual; break;
            case "lt": Numeric = NumericComparison.Less; break;
            case "lte": Numeric = NumericComparison.LessOrEqual; break;
            case "base64": Base64 = true; break;
            case "base64offset": Base64Offset = true; break;
            case "fieldref": FieldRef = true; break;
            case "windash": Windash = true; break;
            case "i" or "m" or "s":
                return $"modifier '{name}' is only valid after 're'";
            default:
                return Unsupported.TryGetValue(name, out string? why)
                    ? $"unsupported modifier '{name}': {why}"
                    : $"unknown modifier '{name}'";
        }

        return null;
    }

    private string? Check()
    {
        int anchors = (Contains ? 1 : 0) + (StartsWith ? 1 : 0) + (EndsWith ? 1 : 0);
        if (anchors > 1)
        {
            return "only one of contains, startswith and endswith may be used";
        }

        int kinds = (Re ? 1 : 0) + (Exists ? 1 : 0) + (Cidr ? 1 : 0) + (Numeric is null ? 0 : 1) + (FieldRef ? 1 : 0);
        if (kinds > 1)
        {
            return "re, exists, cidr, gt/gte/lt/lte and fieldref cannot be combined";
        }

        bool encoded = Base64 || Base64Offset;
        if (encoded && (kinds > 0 || (Base64 && Base64Offset)))
        {
            return "base64/base64offset can only be combined with contains, startswith, endswith, all, cased and windash";
        }

        if (kinds > 0 && anchors > 0 && !FieldRef)
        {
            return "contains, startswith and endswith cannot be combined with re, exists, cidr or gt/gte/lt/lte";
        }

        return null;
    }
}
