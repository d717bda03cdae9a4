using TrailNormalizer.Aws.Runtime;

// The Lambda custom runtime entry point: Lambda starts `bootstrap`, which serves invocations until the sandbox ends.
return await Bootstrap.RunAsync(Environment.GetEnvironmentVariable).ConfigureAwait(false);
