using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Writes the attributes every OCSF event starts with: activity, category, class, type, severity,
/// status and time, keeping ids and their captions consistent (type_name uses the caption even for 99).
/// </summary>
internal static class OcsfHeader
{
    /// <param name="w">The writer, inside the event object.</param>
    /// <param name="ocsfClass">The event class.</param>
    /// <param name="activityId">The class's activity id.</param>
    /// <param name="otherName">For activity 99: the name to show in <c>activity_name</c>.</param>
    /// <param name="timeMs">The event time, epoch ms.</param>
    /// <param name="statusId">1 Success, 2 Failure, 0 Unknown, 99 Other; null writes no status.</param>
    /// <param name="statusCode">The source's status or error code.</param>
    /// <param name="statusDetail">The source's status or error message.</param>
    /// <param name="severityId">The severity id; 1 Informational until rules raise it.</param>
    public static void Write(
        Utf8JsonWriter w, OcsfClass ocsfClass, int activityId, string? otherName, long timeMs,
        int? statusId = null, string? statusCode = null, string? statusDetail = null, int severityId = OcsfEnums.SeverityInformational)
    {
        string caption = ocsfClass.ActivityCaption(activityId);
        w.WriteNumber("activity_id"u8, activityId);
        w.WriteString("activity_name"u8, activityId == 99 && otherName is not null ? otherName : caption);
        w.WriteNumber("category_uid"u8, ocsfClass.CategoryUid);
        w.WriteString("category_name"u8, ocsfClass.CategoryName);
        w.WriteNumber("class_uid"u8, ocsfClass.Uid);
        w.WriteString("class_name"u8, ocsfClass.Name);
        w.WriteNumber("type_uid"u8, (ocsfClass.Uid * 100L) + activityId);
        Span<char> typeName = stackalloc char[256];
        if (typeName.TryWrite($"{ocsfClass.Name}: {caption}", out int length))
        {
            w.WriteString("type_name"u8, typeName[..length]);
        }
        else
        {
            w.WriteString("type_name"u8, $"{ocsfClass.Name}: {caption}");
        }
        w.WriteNumber("severity_id"u8, severityId);
        w.WriteString("severity"u8, OcsfEnums.SeverityCaption(severityId));
        if (statusId is { } status)
        {
            w.WriteNumber("status_id"u8, status);
            w.WriteString("status"u8, OcsfEnums.StatusCaption(status));
        }

        if (statusCode is not null)
        {
            w.WriteString("status_code"u8, statusCode);
        }

        if (statusDetail is not null)
        {
            w.WriteString("status_detail"u8, statusDetail);
        }

        w.WriteNumber("time"u8, timeMs);
    }
}
