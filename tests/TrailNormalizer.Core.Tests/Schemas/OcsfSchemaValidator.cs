using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>
/// Validates normalized OCSF events against the JSON Schemas generated into <c>schemas/ocsf/1.8.0</c> by
/// <c>tools/TrailNormalizer.SchemaGen</c>. The schema is chosen by <c>class_uid</c>: the
/// <c>&lt;class&gt;.cloud.schema.json</c> variant when <c>metadata.profiles</c> lists <c>cloud</c>, else
/// <c>&lt;class&gt;.schema.json</c>. Only the JSON Schema subset the generator emits is supported
/// (see <see cref="SchemaKeywords"/>); a schema using anything else fails to load.
/// </summary>
public sealed class OcsfSchemaValidator
{
    private const string CloudProfile = "cloud";
    private readonly Dictionary<(long ClassUid, bool Cloud), LoadedSchema> schemas;

    private OcsfSchemaValidator(Dictionary<(long ClassUid, bool Cloud), LoadedSchema> schemas) => this.schemas = schemas;

    /// <summary>The schema file names loaded, in ordinal order.</summary>
    public IReadOnlyList<string> SchemaFiles =>
        schemas.Values.Select(s => s.FileName).Order(StringComparer.Ordinal).ToList();

    /// <summary>Loads every <c>*.schema.json</c> in <paramref name="schemaDirectory"/>.</summary>
    public static OcsfSchemaValidator LoadFrom(string schemaDirectory)
    {
        var loaded = new Dictionary<(long ClassUid, bool Cloud), LoadedSchema>();
        foreach (var file in Directory.GetFiles(schemaDirectory, "*.schema.json").Order(StringComparer.Ordinal))
        {
            var schema = LoadedSchema.Read(file);
            if (!loaded.TryAdd((schema.ClassUid, schema.Cloud), schema))
            {
                throw new InvalidDataException($"{file}: a second schema for class_uid {schema.ClassUid} (cloud={schema.Cloud})");
            }
        }

        return loaded.Count > 0
            ? new OcsfSchemaValidator(loaded)
            : throw new InvalidDataException($"no *.schema.json in {schemaDirectory}");
    }

    /// <summary>Validates one event; an empty list means valid, otherwise one <c>"path: problem"</c> per violation.</summary>
    public IReadOnlyList<string> Validate(JsonElement ev)
    {
        if (ev.ValueKind != JsonValueKind.Object)
        {
            return [$"<event>: expected a JSON object, got {JsonKinds.Describe(ev)}"];
        }

        if (!ev.TryGetProperty("class_uid", out var classUid))
        {
            return ["class_uid: required attribute missing"];
        }

        if (!JsonKinds.Matches(classUid, "integer") || !classUid.TryGetInt64(out var uid))
        {
            return [$"class_uid: expected integer, got {JsonKinds.Describe(classUid)}"];
        }

        var declaredProfiles = DeclaredProfiles(ev);
        var cloud = declaredProfiles.Contains(CloudProfile);
        if (!schemas.TryGetValue((uid, cloud), out var schema))
        {
            var known = string.Join(", ", schemas.Keys.Select(k => k.ClassUid).Distinct().Order());
            return [$"class_uid: no schema for class {uid}{(cloud ? " with the cloud profile" : "")} (known: {known})"];
        }

        var run = new EvaluationRun(declaredProfiles);
        schema.Evaluator.Evaluate(ev, schema.Root, InstancePath.Root, run);
        return run.Errors;
    }

    /// <summary>The repository's <c>schemas/ocsf/1.8.0</c>.</summary>
    public static string FindRepoSchemasDirectory() => Path.Combine(RepoPaths.Root, "schemas", "ocsf", "1.8.0");

    private static HashSet<string> DeclaredProfiles(JsonElement ev)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (ev.TryGetProperty("metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("profiles", out var profiles)
            && profiles.ValueKind == JsonValueKind.Array)
        {
            declared.UnionWith(profiles.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));
        }

        return declared;
    }

    /// <summary>One generated schema file with the class and profile it was generated for (its <c>x-ocsf</c>).</summary>
    private sealed record LoadedSchema(string FileName, long ClassUid, bool Cloud, JsonElement Root, SchemaEvaluator Evaluator)
    {
        public static LoadedSchema Read(string file)
        {
            JsonElement root;
            using (var document = JsonDocument.Parse(File.ReadAllText(file)))
            {
                root = document.RootElement.Clone();
            }

            SchemaKeywords.EnsureSupported(root, Path.GetFileName(file) + "#");
            if (!root.TryGetProperty("x-ocsf", out var ocsf) || !ocsf.TryGetProperty("class_uid", out var classUid))
            {
                throw new InvalidDataException($"{file}: no x-ocsf.class_uid; not a generated OCSF class schema");
            }

            var profiles = ocsf.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()).ToList();
            if (profiles.Any(p => p != CloudProfile))
            {
                throw new InvalidDataException($"{file}: profiles [{string.Join(", ", profiles)}]; only none or cloud are supported");
            }

            return new LoadedSchema(Path.GetFileName(file), classUid.GetInt64(), profiles.Count > 0, root, new SchemaEvaluator(root));
        }
    }
}
