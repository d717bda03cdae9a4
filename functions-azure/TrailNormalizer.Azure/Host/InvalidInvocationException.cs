namespace TrailNormalizer.Azure.Host;

/// <summary>The invocation payload is not what the Functions host sends (the handler answers 400).</summary>
public sealed class InvalidInvocationException(string message) : Exception(message);
