using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>
/// Evaluates a JSON value against one schema document (draft 2020-12 subset, see <see cref="SchemaKeywords"/>)
/// and collects every violation as <c>"path: problem"</c>.
/// Deliberate strictness, matching OCSF rather than plain JSON Schema: <c>integer</c> means a number written
/// without fraction or exponent (OCSF integer_t/long_t), and <c>null</c> only passes where a schema allows any
/// value (json_t); the custom keywords add the OCSF rules JSON Schema cannot say:
/// <c>x-sibling</c>/<c>x-enum-captions</c> (a name must repeat its id's caption, except for id 99 "Other"),
/// <c>x-at-least-one</c>/<c>x-just-one</c> (OCSF constraints) and <c>x-profile-attributes</c> (better messages).
/// </summary>
internal sealed class SchemaEvaluator(JsonElement root)
{
    private const int MaxEnumValuesShown = 16;
    private readonly Dictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    public void Evaluate(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        if (schema.ValueKind == JsonValueKind.False)
        {
            run.Errors.Add($"{InstancePath.Display(path)}: no value is allowed here");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Evaluate(value, Resolve(reference.GetString()!), path, run);
        }

        if (!HasAllowedType(value, schema, path, run))
        {
            return; // nothing else is meaningful for a value of the wrong type
        }

        CheckConstAndEnum(value, schema, path, run);
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, run);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema, path, run);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, path, run);
                break;
            case JsonValueKind.Object:
                new ObjectKeywords(this, value, schema, path, run).Check();
                break;
        }

        CheckCombinators(value, schema, path, run);
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new InvalidDataException($"only local references are supported, got '{reference}'");
        }

        var target = root;
        foreach (var token in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
            {
                throw new InvalidDataException($"unresolvable reference '{reference}'");
            }
        }

        return target;
    }

    private static bool HasAllowedType(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return true;
        }

        var allowed = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [type.GetString()!];
        if (allowed.Any(t => JsonKinds.Matches(value, t)))
        {
            return true;
        }

        var ocsfType = schema.TryGetProperty("x-ocsf-type", out var declared) ? $" ({declared.GetString()})" : "";
        run.Errors.Add($"{InstancePath.Display(path)}: expected {string.Join(" or ", allowed)}{ocsfType}, got {JsonKinds.Describe(value)}");
        return false;
    }

    private static void CheckConstAndEnum(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(value, constant))
        {
            run.Errors.Add($"{InstancePath.Display(path)}: expected {constant.GetRawText()}, got {value.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var enumeration)
            && !enumeration.EnumerateArray().Any(allowed => JsonElement.DeepEquals(value, allowed)))
        {
            var values = enumeration.EnumerateArray().Select(v => v.GetRawText()).ToList();
            var shown = values.Count <= MaxEnumValuesShown ? string.Join(", ", values) : $"{values.Count} values";
            run.Errors.Add($"{InstancePath.Display(path)}: value {value.GetRawText()} not in enum ({shown})");
        }
    }

    private void CheckString(string text, JsonElement schema, string path, EvaluationRun run)
    {
        var what = schema.TryGetProperty("x-ocsf-type", out var declared) ? declared.GetString() : "string";
        if (schema.TryGetProperty("pattern", out var pattern) && !PatternFor(pattern.GetString()!).IsMatch(text))
        {
            var shown = text.Length > 80 ? text[..80] : text;
            run.Errors.Add($"{InstancePath.Display(path)}: '{shown}' is not a valid {what}");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && text.EnumerateRunes().Count() > maxLength.GetInt32())
        {
            run.Errors.Add($"{InstancePath.Display(path)}: longer than {maxLength.GetInt32()} characters ({what})");
        }
    }

    private static void CheckNumber(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        var hint = schema.TryGetProperty("x-ocsf-type", out var declared) && declared.GetString() == "timestamp_t"
            ? " (timestamp_t is epoch milliseconds; seconds?)"
            : "";
        if (schema.TryGetProperty("minimum", out var minimum) && JsonKinds.CompareNumbers(value, minimum) < 0)
        {
            run.Errors.Add($"{InstancePath.Display(path)}: {value.GetRawText()} is less than the minimum {minimum.GetRawText()}{hint}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && JsonKinds.CompareNumbers(value, maximum) > 0)
        {
            run.Errors.Add($"{InstancePath.Display(path)}: {value.GetRawText()} is greater than the maximum {maximum.GetRawText()}");
        }
    }

    private void CheckArray(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        var length = value.GetArrayLength();
        if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
        {
            run.Errors.Add($"{InstancePath.Display(path)}: has {length} items, at most {maxItems.GetInt32()} allowed");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Evaluate(item, items, InstancePath.Item(path, index++), run);
            }
        }

        if (schema.TryGetProperty("contains", out var contains) && !value.EnumerateArray().Any(item => IsValidAt(item, contains, path, run)))
        {
            var wanted = contains.TryGetProperty("const", out var constant) ? constant.GetRawText() : "the required item";
            run.Errors.Add($"{InstancePath.Display(path)}: does not contain {wanted}");
        }
    }

    private void CheckCombinators(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Evaluate(value, part, path, run);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(part => IsValidAt(value, part, path, run)))
        {
            run.Errors.Add($"{InstancePath.Display(path)}: matches none of the anyOf alternatives");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(part => IsValidAt(value, part, path, run));
            if (matches != 1)
            {
                run.Errors.Add($"{InstancePath.Display(path)}: matches {matches} of the oneOf alternatives, exactly 1 required");
            }
        }

        if (schema.TryGetProperty("not", out var not) && IsValidAt(value, not, path, run))
        {
            run.Errors.Add($"{InstancePath.Display(path)}: matches a schema it must not match");
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            var branch = IsValidAt(value, condition, path, run) ? "then" : "else";
            if (schema.TryGetProperty(branch, out var consequence))
            {
                Evaluate(value, consequence, path, run);
            }
        }
    }

    private bool IsValidAt(JsonElement value, JsonElement schema, string path, EvaluationRun run)
    {
        var trial = run.Fork();
        Evaluate(value, schema, path, trial);
        return trial.Errors.Count == 0;
    }

    private Regex PatternFor(string pattern)
    {
        if (!patterns.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
            patterns[pattern] = regex;
        }

        return regex;
    }
}
