using Amazon.CDK;
using Amazon.CDK.AWS.Glue;
using Constructs;

namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>
/// A Glue database and the <c>events</c> table over the evidence bucket's gzip NDJSON batches, read with the OpenX JSON
/// SerDe. Partitions are projected from the key layout (no crawler, no partition maintenance): cloud and account and
/// region from the configured lists, date from <see cref="TrailNormalizerSettings.QueryStartDate"/> to today, hour 00-23.
/// Manifests sit beside the batches and are not JSON lines; the SerDe reads them as rows of nulls
/// (<c>ignore.malformed.json</c>), which every query drops with <c>class_uid IS NOT NULL</c> or a filter of its own.
/// </summary>
public sealed class EventsTable : Construct
{
    public const string TableName = "events";

    public EventsTable(Construct scope, string id, TrailNormalizerSettings settings, EvidenceTarget evidence) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(evidence);
        var database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = Amazon.CDK.Aws.ACCOUNT_ID,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = settings.QueryDatabaseName,
                Description = "TrailNormalizer OCSF evidence (read-only tables over the WORM evidence bucket)",
            },
        });
        DatabaseName = settings.QueryDatabaseName;

        string root = $"s3://{evidence.Bucket.BucketName}/{evidence.Prefix}";
        var table = new CfnTable(this, "Table", new CfnTableProps
        {
            CatalogId = Amazon.CDK.Aws.ACCOUNT_ID,
            DatabaseName = DatabaseName,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = TableName,
                Description = "OCSF events and escalated findings, one row per line of the evidence batches",
                TableType = "EXTERNAL_TABLE",
                Parameters = Projection(settings, root),
                PartitionKeys = EventsTableSchema.Partitions.Select(p => (object)Column(p.Column, "string", $"the evidence key's {p.KeyName}=")).ToArray(),
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Location = root + "events/",
                    InputFormat = "org.apache.hadoop.mapred.TextInputFormat",
                    OutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    Compressed = true,
                    SerdeInfo = new CfnTable.SerdeInfoProperty
                    {
                        SerializationLibrary = "org.openx.data.jsonserde.JsonSerDe",
                        Parameters = new Dictionary<string, object>
                        {
                            ["ignore.malformed.json"] = "true",
                            ["case.insensitive"] = "true",
                            ["dots.in.keys"] = "false",
                        },
                    },
                    Columns = EventsTableSchema.Columns.Select(c => (object)Column(c.Name, c.HiveType, c.Comment)).ToArray(),
                },
            },
        });
        table.AddDependency(database);
    }

    public string DatabaseName { get; }

    private static Dictionary<string, object> Projection(TrailNormalizerSettings settings, string root) => new()
    {
        ["classification"] = "json",
        ["compressionType"] = "gzip",
        ["projection.enabled"] = "true",
        ["projection.p_cloud.type"] = "enum",
        ["projection.p_cloud.values"] = string.Join(',', settings.QueryClouds),
        ["projection.p_account.type"] = "enum",
        ["projection.p_account.values"] = settings.QueryAccounts.Count > 0 ? string.Join(',', settings.QueryAccounts) : Amazon.CDK.Aws.ACCOUNT_ID,
        ["projection.p_region.type"] = "enum",
        ["projection.p_region.values"] = string.Join(',', settings.QueryRegions),
        ["projection.p_date.type"] = "date",
        ["projection.p_date.format"] = "yyyy-MM-dd",
        ["projection.p_date.range"] = settings.QueryStartDate + ",NOW",
        ["projection.p_date.interval"] = "1",
        ["projection.p_date.interval.unit"] = "DAYS",
        ["projection.p_hour.type"] = "integer",
        ["projection.p_hour.range"] = "0,23",
        ["projection.p_hour.digits"] = "2",
        ["storage.location.template"] = root + EventsTableSchema.LocationTemplate,
    };

    private static CfnTable.ColumnProperty Column(string name, string type, string comment) =>
        new() { Name = name, Type = type, Comment = comment.Length > 0 ? comment : null };
}
