using SharpFuzz;
using TrailNormalizer.Fuzz;
using TrailNormalizer.Fuzz.Harnesses;

// trailnorm-fuzz HARNESS              run under afl-fuzz (scripts/fuzz.sh)
// trailnorm-fuzz HARNESS FILE...      run the harness once per file and say which fail (triage, replaying crashes)
// trailnorm-fuzz seeds DIR            write the generated part of the seed corpus (signed evidence)
if (args.Length == 2 && args[0] == "seeds")
{
    EvidenceSeeds.Write(args[1]);
    return 0;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var harness))
{
    Console.Error.WriteLine($"usage: trailnorm-fuzz HARNESS [FILE...] | seeds DIR; harnesses: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        harness(bytes.ToArray());
    });
    return 0;
}

int failed = 0;
foreach (string file in args.Skip(1))
{
    try
    {
        harness(File.ReadAllBytes(file));
        Console.WriteLine($"ok    {file}");
    }
    catch (Exception ex)
    {
        failed++;
        Console.WriteLine($"FAIL  {file}: {ex.GetType().Name}: {ex.Message}");
        Console.WriteLine(ex.StackTrace);
    }
}

return failed == 0 ? 0 : 1;
