using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>What an AWS service event's <c>detail</c> says about the outcome of the action it reports.</summary>
internal static class AwsServiceOutcome
{
    /// <summary>Where service events state how the reported action ended (Glue, SSM, CodePipeline, Step Functions, EMR, …).</summary>
    private static readonly string[] OutcomeFields = ["result", "status", "state"];

    private static readonly HashSet<string> Failed = new(StringComparer.OrdinalIgnoreCase)
    {
        "FAILED", "FAILURE", "ERROR", "TIMEOUT", "TIMED_OUT", "TimedOut", "ABORTED", "CANCELLED", "Canceled", "REJECTED",
        "TERMINATED_WITH_ERRORS", "Unsuccessful",
    };

    private static readonly HashSet<string> Succeeded = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUCCEEDED", "SUCCESS", "Successful", "SUCCESSFUL", "COMPLETED", "Complete", "Success",
    };

    /// <summary>
    /// Success or Failure when the detail's result, status or state says so (field names in any case: EC2 AMI events write
    /// <c>State</c>); otherwise Unknown (0) with no detail. A failure's detail is its <c>ErrorMessage</c> when one is given.
    /// </summary>
    public static (int StatusId, string? Detail) Of(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            return (0, null);
        }

        foreach (string field in OutcomeFields)
        {
            if (Field(detail, field) is { } value)
            {
                if (Failed.Contains(value))
                {
                    return (OcsfEnums.StatusFailure, Field(detail, "errorMessage") ?? value);
                }

                if (Succeeded.Contains(value))
                {
                    return (OcsfEnums.StatusSuccess, value);
                }
            }
        }

        return (0, null);
    }

    private static string? Field(JsonElement detail, string name)
    {
        foreach (var property in detail.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String
                && property.Value.GetString() is { Length: > 0 } value && value.Trim().Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
