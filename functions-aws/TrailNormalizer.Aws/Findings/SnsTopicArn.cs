namespace TrailNormalizer.Aws.Findings;

/// <summary>An SNS topic ARN: <c>arn:&lt;partition&gt;:sns:&lt;region&gt;:&lt;12-digit account&gt;:&lt;name&gt;</c>.</summary>
public static class SnsTopicArn
{
    public static bool IsValid(string arn) => TryRegion(arn, out _);

    /// <summary>The region the topic lives in, which is where it is published to.</summary>
    public static bool TryRegion(string arn, out string region)
    {
        region = "";
        var parts = (arn ?? "").Split(':');
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "sns"
            || parts[3].Length == 0 || !parts[3].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit)
            || parts[5].Length is 0 or > 256 || !parts[5].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return false;
        }

        region = parts[3];
        return true;
    }
}
