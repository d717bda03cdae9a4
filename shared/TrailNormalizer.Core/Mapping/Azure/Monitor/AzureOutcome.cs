using System.Globalization;
using System.Net;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// The outcome of an Azure call as OCSF <c>status_id</c> / <c>status_code</c> / <c>status_detail</c>, the same way for
/// every Azure source: an HTTP status of 400 or more (from <c>httpStatusCode</c>, <c>statusCode</c>,
/// <c>responseStatusCode</c>, App Service <c>ScStatus</c>, or a <c>resultSignature</c> such as <c>Forbidden</c> or <c>403</c>) is always Failure, whatever
/// <c>resultType</c> says (Key Vault writes resultType Success on a 403). Otherwise <c>resultType</c> / <c>status.value</c> decide:
/// Succeeded/Success/OK → Success, Failed/Failure/Error → Failure, in-flight states → Other; SQL audit's <c>succeeded</c>
/// true/false; absent → by HTTP status, else Unknown.
/// </summary>
internal static class AzureOutcome
{
    /// <summary>The outcome of <paramref name="record"/> (fields read case-insensitively, also inside <paramref name="properties"/>).</summary>
    public static (int Id, string? Code, string? Detail) Of(JsonElement record, JsonElement? properties)
    {
        string? result = record.TextAnyCase("resultType") ?? record.TextAnyCase("status") ?? properties?.TextAnyCase("metricResponseType")
            ?? ResourceLogFacts.Succeeded(properties) switch { true => "Success", false => "Failure", null => null };
        string? signature = record.TextAnyCase("resultSignature") ?? record.TextAnyCase("subStatus");
        int? http = HttpStatus(record.TextAnyCase("httpStatusCode")) ?? HttpStatus(record.TextAnyCase("statusCode")) ?? HttpStatus(record.TextAnyCase("responseStatusCode"))
            ?? HttpStatus(properties?.TextAnyCase("httpStatusCode")) ?? HttpStatus(properties?.TextAnyCase("statusCode")) ?? HttpStatus(properties?.TextAnyCase("responseStatusCode"))
            ?? HttpStatus(properties?.TextAnyCase("ScStatus"))
            ?? HttpStatus(signature);
        string? detail = record.TextAnyCase("resultDescription") ?? record.TextAnyCase("statusText") ?? record.TextAnyCase("resultReason");
        string? code = signature ?? http?.ToString(CultureInfo.InvariantCulture);
        if (http >= 400)
        {
            return (OcsfEnums.StatusFailure, code, detail);
        }

        if (result is null)
        {
            return http is not null ? (OcsfEnums.StatusSuccess, code, detail) : (0, code, detail);
        }

        return result.ToUpperInvariant() switch
        {
            "SUCCEEDED" or "SUCCESS" or "OK" or "0" => (OcsfEnums.StatusSuccess, code, detail),
            "FAILED" or "FAILURE" or "FAIL" or "ERROR" => (OcsfEnums.StatusFailure, code ?? result, detail),
            _ when result.Contains("Error", StringComparison.OrdinalIgnoreCase) || result.Contains("Fail", StringComparison.OrdinalIgnoreCase)
                => (OcsfEnums.StatusFailure, code ?? result, detail),
            _ => (99, code is null ? result : $"{result}: {code}", detail),
        };
    }

    /// <summary>
    /// An HTTP status from a number (<c>403</c>) or a status name as Azure writes it (<c>Forbidden</c>,
    /// <c>Failed.Forbidden</c>, <c>TooManyRequests</c>); null when the text is neither.
    /// </summary>
    public static int? HttpStatus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string last = text[(text.LastIndexOf('.') + 1)..].Trim();
        if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number is >= 100 and <= 599 ? number : null;
        }

        return last.Length > 1 && char.IsAsciiLetter(last[0]) && Enum.TryParse(last, ignoreCase: true, out HttpStatusCode named)
            && (int)named is >= 100 and <= 599 ? (int)named : null;
    }
}
