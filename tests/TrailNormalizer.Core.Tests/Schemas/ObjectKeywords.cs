using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>The object keywords of <see cref="SchemaEvaluator"/>: properties, required, additionalProperties and the
/// OCSF extensions x-sibling/x-enum-captions, x-at-least-one, x-just-one and x-profile-attributes.</summary>
internal readonly struct ObjectKeywords(SchemaEvaluator evaluator, JsonElement value, JsonElement schema, string path, EvaluationRun run)
{
    public void Check()
    {
        schema.TryGetProperty("properties", out var properties);
        var hasProperties = properties.ValueKind == JsonValueKind.Object;
        foreach (var member in value.EnumerateObject())
        {
            var memberPath = InstancePath.Property(path, member.Name);
            if (hasProperties && properties.TryGetProperty(member.Name, out var memberSchema))
            {
                evaluator.Evaluate(member.Value, memberSchema, memberPath, run);
                CheckSibling(member.Name, member.Value, memberSchema);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    run.Errors.Add($"{memberPath}: {WhyNotAllowed(member.Name)}");
                }
                else
                {
                    evaluator.Evaluate(member.Value, additional, memberPath, run);
                }
            }
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    run.Errors.Add($"{InstancePath.Property(path, name)}: required attribute missing");
                }
            }
        }

        CheckConstraint("x-at-least-one", "at_least_one", count => count >= 1);
        CheckConstraint("x-just-one", "just_one", count => count == 1);
    }

    private string WhyNotAllowed(string name)
    {
        if (schema.TryGetProperty("x-profile-attributes", out var profileOnly) && profileOnly.TryGetProperty(name, out var profiles))
        {
            var names = profiles.EnumerateArray().Select(p => p.GetString()!).ToList();
            var joined = string.Join("/", names);
            var declared = run.DeclaredProfiles;
            return names.Any(declared.Contains)
                ? $"attribute of profile {joined}, which metadata.profiles lists but the generated schemas do not support"
                : $"attribute of profile {joined}, which metadata.profiles does not list";
        }

        var owner = schema.TryGetProperty("title", out var title) ? title.GetString() : "this object";
        return $"unknown attribute (not defined in {owner})";
    }

    /// <summary>x-sibling: the named sibling, when present, must equal the caption of this enum value
    /// (pairwise for arrays); the value 99 ("Other") lets the sibling carry the source's own label.</summary>
    private void CheckSibling(string name, JsonElement member, JsonElement memberSchema)
    {
        if (!memberSchema.TryGetProperty("x-sibling", out var siblingName)
            || !memberSchema.TryGetProperty("x-enum-captions", out var captions)
            || !value.TryGetProperty(siblingName.GetString()!, out var sibling))
        {
            return;
        }

        var siblingPath = InstancePath.Property(path, siblingName.GetString()!);
        if (member.ValueKind != JsonValueKind.Array)
        {
            CheckCaption(name, member, sibling, captions, siblingPath);
            return;
        }

        var index = 0;
        foreach (var item in member.EnumerateArray())
        {
            if (sibling.ValueKind == JsonValueKind.Array && index < sibling.GetArrayLength())
            {
                CheckCaption(name, item, sibling[index], captions, InstancePath.Item(siblingPath, index));
            }

            index++;
        }
    }

    private void CheckCaption(string name, JsonElement id, JsonElement label, JsonElement captions, string labelPath)
    {
        var key = id.ValueKind switch
        {
            JsonValueKind.Number => id.GetRawText(),
            JsonValueKind.String => id.GetString()!,
            _ => null,
        };
        if (key is null || label.ValueKind == JsonValueKind.Null || !captions.TryGetProperty(key, out var caption)
            || (id.ValueKind == JsonValueKind.Number && key == "99"))
        {
            return; // a wrong id is reported by enum/type; "Other" may carry any label
        }

        if (label.ValueKind != JsonValueKind.String || label.GetString() != caption.GetString())
        {
            run.Errors.Add($"{labelPath}: {label.GetRawText()} does not match caption \"{caption.GetString()}\" of {name}={key}");
        }
    }

    private void CheckConstraint(string keyword, string ocsfName, Func<int, bool> satisfied)
    {
        if (!schema.TryGetProperty(keyword, out var keys))
        {
            return;
        }

        var names = keys.EnumerateArray().Select(k => k.GetString()!).ToList();
        var present = names.Count(IsPresent);
        if (!satisfied(present))
        {
            run.Errors.Add($"{InstancePath.Display(path)}: constraint {ocsfName} of [{string.Join(", ", names)}] not met ({present.ToString(CultureInfo.InvariantCulture)} present)");
        }
    }

    private bool IsPresent(string dottedName)
    {
        var current = value;
        foreach (var part in dottedName.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return false;
            }
        }

        return current.ValueKind != JsonValueKind.Null;
    }
}
