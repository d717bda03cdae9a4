namespace TrailNormalizer.Core.Coverage;

/// <summary>The security facts an audit event can hold, which the coverage report checks are in typed OCSF fields.</summary>
public enum TypedFact
{
    /// <summary>Who acted: actor.user (name or uid), actor.invoked_by, the account changed or signed in, a finding's user evidence.</summary>
    ActorUser,

    /// <summary>From where: src_endpoint.ip (or a finding's evidence endpoint).</summary>
    SourceIp,

    /// <summary>What was done: api.operation, a finding's title, or a known activity of an identity class.</summary>
    Operation,

    /// <summary>With what result: status_id (or compliance.status_id) other than Unknown.</summary>
    Outcome,

    /// <summary>To what: resources[], the changed user, the service signed in to, the log acted on.</summary>
    TargetResource,

    /// <summary>Whether MFA was used: is_mfa or actor.session.is_mfa.</summary>
    Mfa,

    /// <summary>With which client: http_request.user_agent.</summary>
    UserAgent,

    /// <summary>From which place: src_endpoint.location.</summary>
    Location,
}
