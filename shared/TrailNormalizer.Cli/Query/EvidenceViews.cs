using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Query;

/// <summary>
/// The views the <c>query</c> command offers over an evidence folder. Each batch line is read as JSON text
/// (batches hold events of every class, whose shapes differ) and parsed once into the typed columns; the
/// whole event stays in the <c>event</c> column. Only batch objects are read, never manifests or seals.
/// </summary>
public static class EvidenceViews
{
    /// <summary>The OCSF attributes given typed columns, as a DuckDB JSON structure (one parse per line).</summary>
    private const string EventShape = """
        {"time":"BIGINT","class_uid":"INTEGER","class_name":"VARCHAR","category_uid":"INTEGER","category_name":"VARCHAR",
         "activity_id":"INTEGER","activity_name":"VARCHAR","type_uid":"BIGINT","severity_id":"INTEGER","severity":"VARCHAR",
         "status_id":"INTEGER","status":"VARCHAR","message":"VARCHAR",
         "metadata":{"uid":"VARCHAR","product":{"name":"VARCHAR","vendor_name":"VARCHAR"},"event_code":"VARCHAR","labels":["VARCHAR"]},
         "actor":{"user":{"name":"VARCHAR","uid":"VARCHAR","type":"VARCHAR"}},
         "src_endpoint":{"ip":"VARCHAR"},
         "api":{"operation":"VARCHAR","service":{"name":"VARCHAR"}},
         "cloud":{"provider":"VARCHAR","region":"VARCHAR","account":{"uid":"VARCHAR"}}}
        """;

    /// <summary>One view per OCSF class the normalizer emits: name, class_uid, extra columns read from the event.</summary>
    public static readonly IReadOnlyList<(string View, int ClassUid, string Columns)> ClassViews =
    [
        ("base_event", 0, ""),
        ("event_log_activity", 1008, ""),
        ("vulnerability_finding", 2002, FindingColumns),
        ("compliance_finding", 2003, FindingColumns + ", json_extract_string(event, '$.compliance.status') AS compliance_status"),
        ("detection_finding", 2004, FindingColumns),
        ("data_security_finding", 2006, FindingColumns),
        ("account_change", 3001, UserColumns),
        ("authentication", 3002, UserColumns + ", TRY_CAST(json_extract(event, '$.is_mfa') AS BOOLEAN) AS is_mfa, json_extract_string(event, '$.logon_type') AS logon_type, json_extract_string(event, '$.status_detail') AS status_detail"),
        ("cloud_resources_inventory_info", 5023, ""),
        ("api_activity", 6003, "json_extract_string(event, '$.api.response.error') AS api_response_error, json_extract(event, '$.resources') AS resources"),
    ];

    private const string UserColumns = "json_extract_string(event, '$.user.name') AS user_name, json_extract_string(event, '$.user.uid') AS user_uid";

    private const string FindingColumns =
        "json_extract_string(event, '$.finding_info.uid') AS finding_uid, json_extract_string(event, '$.finding_info.title') AS finding_title";

    /// <summary>The statements that create every view over the evidence folder at <paramref name="root"/> (an absolute path).</summary>
    public static IEnumerable<string> Create(string root)
    {
        yield return $"CREATE VIEW event_lines AS {Lines(root, EvidenceKeys.EventsPrefix, "cloud", "account", "region", "date", "hour")}";
        yield return $"""
            CREATE VIEW events AS
            SELECT epoch_ms(e.time) AS time, e.class_uid, e.class_name, e.category_uid, e.category_name,
                   e.activity_id, e.activity_name, e.type_uid, e.severity_id, e.severity, e.status_id, e.status, e.message,
                   e.metadata.uid AS metadata_uid, e.metadata.product.name AS metadata_product_name,
                   e.metadata.product.vendor_name AS metadata_product_vendor_name, e.metadata.event_code AS metadata_event_code,
                   coalesce(e.metadata.labels, []) AS labels,
                   list_transform(list_filter(coalesce(e.metadata.labels, []), l -> starts_with(l, 'incident:')), l -> l[10:]) AS incidents,
                   list_transform(list_filter(coalesce(e.metadata.labels, []), l -> starts_with(l, 'control:')), l -> l[9:]) AS controls,
                   e.actor.user.name AS actor_user_name, e.actor.user.uid AS actor_user_uid, e.actor.user.type AS actor_user_type,
                   e.src_endpoint.ip AS src_endpoint_ip, e.api.operation AS api_operation, e.api.service.name AS api_service_name,
                   e.cloud.provider AS cloud_provider, e.cloud.account.uid AS cloud_account_uid, e.cloud.region AS cloud_region,
                   cloud, account, region, date, hour, batch, event
            FROM (SELECT json_transform(line, {Sql.Literal(EventShape)}) AS e, line AS event, cloud, account, region, date, hour, batch FROM event_lines)
            """;
        foreach (var (view, classUid, columns) in ClassViews)
        {
            string extra = columns.Length > 0 ? ", " + columns : "";
            yield return $"CREATE VIEW {view} AS SELECT *{extra} FROM events WHERE class_uid = {classUid}";
        }

        yield return "CREATE VIEW findings AS SELECT * FROM vulnerability_finding UNION ALL BY NAME SELECT * FROM compliance_finding UNION ALL BY NAME SELECT * FROM detection_finding UNION ALL BY NAME SELECT * FROM data_security_finding";
        yield return $"CREATE VIEW quarantine_lines AS {Lines(root, EvidenceKeys.QuarantinePrefix, "date")}";
        yield return """
            CREATE VIEW quarantine AS
            SELECT json_extract_string(line, '$.reason') AS reason, json_extract_string(line, '$.source') AS source,
                   json_extract_string(line, '$.raw') AS raw, json_extract_string(line, '$.raw_encoding') AS raw_encoding,
                   TRY_CAST(json_extract(line, '$.raw_truncated') AS BOOLEAN) AS raw_truncated, date, batch
            FROM quarantine_lines
            """;
    }

    /// <summary>
    /// The lines of every batch object under <paramref name="prefix"/>, with its Hive partition columns (as text)
    /// and the batch key. Files are listed here rather than globbed so that nothing but batch objects is read.
    /// Each line is read as one JSON value (no schema detection across classes); a line may be as large as
    /// the biggest record normalize accepts (8 MiB by default) and stays under DuckDB's 16 MiB object limit.
    /// </summary>
    private static string Lines(string root, string prefix, params string[] partitions)
    {
        var batches = BatchFiles(root, prefix);
        string keyStart = (root.Length + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (batches.Count == 0)
        {
            return $"SELECT NULL::JSON AS line, {string.Join(", ", partitions.Select(p => $"NULL::VARCHAR AS {p}"))}, NULL::VARCHAR AS batch WHERE false";
        }

        string files = string.Join(", ", batches.Select(Sql.Literal));
        string types = string.Join(", ", partitions.Select(p => $"{p}: 'VARCHAR'"));
        return $$"""
            SELECT json AS line, {{string.Join(", ", partitions)}}, filename[{{keyStart}}:] AS batch
            FROM read_json([{{files}}], format = 'newline_delimited', records = false, columns = {'json': 'JSON'},
                           compression = 'gzip', maximum_object_size = 16777216,
                           filename = true, hive_partitioning = true, hive_types = {{{types}}})
            """;
    }

    private static List<string> BatchFiles(string root, string prefix)
    {
        string dir = Path.Combine(root, prefix.TrimEnd('/'));
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*" + EvidenceKeys.BatchSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
