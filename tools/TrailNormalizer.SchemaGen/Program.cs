using System.Text;
using TrailNormalizer.SchemaGen;
using TrailNormalizer.SchemaGen.Compile;
using TrailNormalizer.SchemaGen.Emit;

// Generates schemas/ocsf/1.8.0/*.schema.json from the OCSF 1.8.0 source files. See schemas/README.md.
GeneratorOptions options;
try
{
    options = GeneratorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (!File.Exists(Path.Combine(options.OcsfDirectory, "dictionary.json")))
{
    Console.Error.WriteLine($"no OCSF source at {options.OcsfDirectory} (dictionary.json missing)");
    return 1;
}

var ocsf = OcsfCompiler.Compile(options.OcsfDirectory);
Directory.CreateDirectory(options.OutputDirectory);
Console.WriteLine($"OCSF {ocsf.Version} compiled from {options.OcsfDirectory}");
foreach (var className in TargetClasses.Names)
{
    foreach (var variant in TargetClasses.Variants)
    {
        var schema = ClassSchemaEmitter.Emit(ocsf, className, variant);
        var path = Path.Combine(options.OutputDirectory, className + variant.FileSuffix);
        var text = SortedJsonWriter.ToText(schema);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var definitions = schema["$defs"]!.AsObject().Count;
        Console.WriteLine($"wrote {path} ({definitions} objects, {text.Length} chars)");
    }
}

return 0;
