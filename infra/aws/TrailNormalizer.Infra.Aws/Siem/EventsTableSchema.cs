namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>A Glue column: its name and Hive type (the OpenX JSON SerDe maps JSON objects onto Hive structs by key).</summary>
public sealed record TableColumn(string Name, string HiveType, string Comment);

/// <summary>
/// The <c>events</c> table's shape: the OCSF attributes the saved queries use, typed, under their OCSF names. Other
/// attributes of an event are not columns (the SerDe ignores keys without a column); the whole event stays in the
/// evidence object. The partition columns carry a <c>p_</c> prefix because events already have a <c>cloud</c> attribute.
/// </summary>
public static class EventsTableSchema
{
    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("time", "bigint", "event time, epoch milliseconds"),
        new("class_uid", "int", "OCSF class"),
        new("class_name", "string", ""),
        new("category_uid", "int", ""),
        new("category_name", "string", ""),
        new("activity_id", "int", ""),
        new("activity_name", "string", ""),
        new("type_uid", "bigint", ""),
        new("severity_id", "int", ""),
        new("severity", "string", ""),
        new("status_id", "int", "1 success, 2 failure"),
        new("status", "string", ""),
        new("status_detail", "string", ""),
        new("message", "string", ""),
        new("metadata", "struct<uid:string,version:string,event_code:string,labels:array<string>,product:struct<name:string,vendor_name:string>>",
            "labels hold incident:<category>, control:<framework:id> and attack:<technique>"),
        new("actor", "struct<user:struct<name:string,uid:string,type:string>>", ""),
        new("user", "struct<name:string,uid:string>", "the user signed in or changed (Authentication, Account Change)"),
        new("is_mfa", "boolean", "Authentication"),
        new("logon_type", "string", "Authentication"),
        new("src_endpoint", "struct<ip:string>", ""),
        new("api", "struct<operation:string,service:struct<name:string>,response:struct<error:string>>", ""),
        new("cloud", "struct<provider:string,region:string,account:struct<uid:string>>", ""),
        new("finding_info", "struct<uid:string,title:string>", "findings"),
        new("compliance", "struct<status:string>", "Compliance Finding"),
    ];

    /// <summary>The evidence key's partitions, in key order: <c>events/cloud=…/account=…/region=…/date=…/hour=…/</c>.</summary>
    public static readonly IReadOnlyList<(string Column, string KeyName)> Partitions =
    [
        ("p_cloud", "cloud"), ("p_account", "account"), ("p_region", "region"), ("p_date", "date"), ("p_hour", "hour"),
    ];

    /// <summary>The key template partition projection fills in, below the bucket and evidence prefix.</summary>
    public static string LocationTemplate =>
        "events/" + string.Join("/", Partitions.Select(p => $"{p.KeyName}=${{{p.Column}}}")) + "/";
}
