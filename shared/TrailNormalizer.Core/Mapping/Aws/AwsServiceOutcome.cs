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

    /// <summary>Success or Failure when the detail's result, status or state says so; otherwise Unknown (0) with no detail.</summary>
    public static (int StatusId, string? Detail) Of(JsonElement detail)
    {
        foreach (string field in OutcomeFields)
        {
            if (detail.NonEmpty(field) is { } value)
            {
                if (Failed.Contains(value))
                {
                    return (OcsfEnums.StatusFailure, value);
                }

                if (Succeeded.Contains(value))
                {
                    return (OcsfEnums.StatusSuccess, value);
                }
            }
        }

        return (0, null);
    }
}
