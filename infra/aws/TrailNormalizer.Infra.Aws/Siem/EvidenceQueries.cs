using Constructs;

namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>SQL over the evidence in place: the Glue table, the Athena workgroup, its saved queries and the analyst role.</summary>
public sealed class EvidenceQueries : Construct
{
    public EvidenceQueries(Construct scope, string id, TrailNormalizerSettings settings, EvidenceTarget evidence) : base(scope, id)
    {
        Table = new EventsTable(this, "Events", settings, evidence);
        Workgroup = new QueryWorkgroup(this, "Athena", settings);
        _ = new SavedQueries(this, "SavedQueries", Table.DatabaseName, Workgroup);
        Analyst = new AnalystRole(this, "Analyst", settings, evidence, Table.DatabaseName, Workgroup);
    }

    public EventsTable Table { get; }

    public QueryWorkgroup Workgroup { get; }

    public AnalystRole Analyst { get; }
}
