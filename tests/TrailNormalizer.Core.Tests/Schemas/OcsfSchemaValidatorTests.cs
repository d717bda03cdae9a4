using System.Text.Json.Nodes;

namespace TrailNormalizer.Core.Tests.Schemas;

public sealed class OcsfSchemaValidatorTests
{
    private static readonly Lazy<OcsfSchemaValidator> Shared =
        new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));

    private static OcsfSchemaValidator Validator => Shared.Value;

    private static IReadOnlyList<string> Errors(JsonObject ev) => Validator.Validate(ev.ToElement());

    [Fact]
    public void Loads_both_profile_variants_of_every_class()
    {
        Validator.SchemaFiles.Should().BeEquivalentTo(
            "base_event.schema.json", "base_event.cloud.schema.json",
            "event_log_actvity.schema.json", "event_log_actvity.cloud.schema.json",
            "vulnerability_finding.schema.json", "vulnerability_finding.cloud.schema.json",
            "compliance_finding.schema.json", "compliance_finding.cloud.schema.json",
            "detection_finding.schema.json", "detection_finding.cloud.schema.json",
            "data_security_finding.schema.json", "data_security_finding.cloud.schema.json",
            "cloud_resources_inventory_info.schema.json", "cloud_resources_inventory_info.cloud.schema.json",
            "account_change.schema.json", "account_change.cloud.schema.json",
            "authentication.schema.json", "authentication.cloud.schema.json",
            "api_activity.schema.json", "api_activity.cloud.schema.json");
    }

    [Fact]
    public void Minimal_api_activity_with_cloud_profile_is_valid() =>
        Errors(SampleEvents.ApiActivityCloud()).Should().BeEmpty();

    [Fact]
    public void Minimal_authentication_and_base_event_without_profiles_are_valid()
    {
        Errors(SampleEvents.Authentication()).Should().BeEmpty();
        Errors(SampleEvents.BaseEvent()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("api.operation")]
    [InlineData("cloud.provider")]
    [InlineData("src_endpoint")]
    [InlineData("api")]
    [InlineData("cloud")]
    [InlineData("metadata.product")]
    [InlineData("time")]
    public void Missing_required_attribute_is_reported(string path) =>
        Errors(SampleEvents.ApiActivityCloud().Without(path))
            .Should().Contain($"{path}: required attribute missing");

    [Fact]
    public void Time_as_a_string_is_a_type_error() =>
        Errors(SampleEvents.ApiActivityCloud().With("time", "2023-11-14T22:13:20Z"))
            .Should().ContainSingle().Which.Should().Be("time: expected integer (timestamp_t), got string");

    [Fact]
    public void Time_in_seconds_is_not_plausible_epoch_milliseconds() =>
        Errors(SampleEvents.ApiActivityCloud().With("time", 1700000000))
            .Should().ContainSingle().Which.Should().StartWith("time: 1700000000 is less than the minimum");

    [Fact]
    public void Integer_written_as_a_string_is_a_type_error() =>
        Errors(SampleEvents.ApiActivityCloud().With("severity_id", "1"))
            .Should().Contain(e => e.StartsWith("severity_id: expected integer", StringComparison.Ordinal));

    [Fact]
    public void Null_is_not_the_same_as_absent() =>
        Errors(SampleEvents.ApiActivityCloud().With("api", JsonValue.Create((string?)null)!))
            .Should().NotBeEmpty();

    [Fact]
    public void Unknown_attribute_at_top_level_is_reported() =>
        Errors(SampleEvents.ApiActivityCloud().With("foo", 1))
            .Should().ContainSingle().Which.Should().StartWith("foo: unknown attribute");

    [Fact]
    public void Unknown_nested_attribute_is_reported() =>
        Errors(SampleEvents.ApiActivityCloud().With("actor.user.foo", "x"))
            .Should().ContainSingle().Which.Should().StartWith("actor.user.foo: unknown attribute");

    [Fact]
    public void Unknown_attribute_inside_an_array_item_is_reported() =>
        Errors(SampleEvents.ApiActivityCloud().With("resources", new JsonArray(new JsonObject { ["uid"] = "x", ["arn"] = "y" })))
            .Should().ContainSingle().Which.Should().StartWith("resources[0].arn: unknown attribute");

    [Fact]
    public void Activity_id_outside_the_class_enum_is_reported() =>
        Errors(SampleEvents.ApiActivityCloud().With("activity_id", 7).With("type_uid", 600307).Without("activity_name").Without("type_name"))
            .Should().Contain(e => e.StartsWith("activity_id: value 7 not in enum", StringComparison.Ordinal));

    [Fact]
    public void Nested_enum_value_outside_the_enum_is_reported() =>
        Errors(SampleEvents.ApiActivityCloud().With("actor.user.type_id", 5).Without("actor.user.type"))
            .Should().ContainSingle().Which.Should().StartWith("actor.user.type_id: value 5 not in enum");

    [Fact]
    public void Activity_name_must_be_the_caption_of_activity_id() =>
        Errors(SampleEvents.ApiActivityCloud().With("activity_name", "Read"))
            .Should().ContainSingle().Which.Should().Be("activity_name: \"Read\" does not match caption \"Create\" of activity_id=1");

    [Fact]
    public void Type_name_and_class_name_must_be_their_captions()
    {
        Errors(SampleEvents.ApiActivityCloud().With("type_name", "API Activity"))
            .Should().ContainSingle().Which.Should().StartWith("type_name:");
        Errors(SampleEvents.ApiActivityCloud().With("class_name", "Api Activity"))
            .Should().ContainSingle().Which.Should().StartWith("class_name:");
    }

    [Fact]
    public void Activity_other_may_carry_the_source_label()
    {
        var ev = SampleEvents.ApiActivityCloud()
            .With("activity_id", 99).With("activity_name", "Invoke")
            .With("type_uid", 600399).With("type_name", "API Activity: Other");
        Errors(ev).Should().BeEmpty();
    }

    [Fact]
    public void Type_uid_must_be_class_uid_times_100_plus_activity_id() =>
        Errors(SampleEvents.ApiActivityCloud().With("type_uid", 600302).Without("type_name"))
            .Should().ContainSingle().Which.Should().Be("type_uid: expected 600301, got 600302");

    [Fact]
    public void Category_uid_must_be_the_class_category() =>
        Errors(SampleEvents.ApiActivityCloud().With("category_uid", 3).Without("category_name"))
            .Should().ContainSingle().Which.Should().StartWith("category_uid: value 3 not in enum (6)");

    [Fact]
    public void Empty_src_endpoint_violates_at_least_one() =>
        Errors(SampleEvents.ApiActivityCloud().With("src_endpoint", new JsonObject()))
            .Should().ContainSingle().Which.Should().StartWith("src_endpoint: constraint at_least_one of [ip, uid, name");

    [Fact]
    public void Class_level_constraint_is_checked() =>
        Errors(SampleEvents.Authentication().Without("service"))
            .Should().ContainSingle().Which.Should().Be("<event>: constraint at_least_one of [service, dst_endpoint] not met (0 present)");

    [Fact]
    public void Cloud_without_the_cloud_profile_is_reported()
    {
        var errors = Errors(SampleEvents.ApiActivityCloud().Without("metadata.profiles"));
        errors.Should().Contain("cloud: attribute of profile cloud, which metadata.profiles does not list");
        errors.Should().Contain("resources[0].region: attribute of profile cloud, which metadata.profiles does not list");
    }

    [Fact]
    public void Api_is_allowed_on_every_class_only_with_the_cloud_profile()
    {
        var withoutProfile = SampleEvents.Authentication().With("api", new JsonObject { ["operation"] = "Login" });
        Errors(withoutProfile).Should().ContainSingle().Which.Should().StartWith("api: attribute of profile cloud");

        var withProfile = SampleEvents.Authentication()
            .With("api", new JsonObject { ["operation"] = "Login" })
            .With("cloud", new JsonObject { ["provider"] = "Azure" })
            .With("metadata.profiles", new JsonArray("cloud"));
        Errors(withProfile).Should().BeEmpty();
    }

    [Fact]
    public void Cloud_profile_requires_cloud() =>
        Errors(SampleEvents.Authentication().With("metadata.profiles", new JsonArray("cloud")))
            .Should().ContainSingle().Which.Should().Be("cloud: required attribute missing");

    [Fact]
    public void Profile_list_may_only_name_ocsf_profiles() =>
        Errors(SampleEvents.ApiActivityCloud().With("metadata.profiles", new JsonArray("cloud", "bogus")))
            .Should().ContainSingle().Which.Should().StartWith("metadata.profiles[1]: value \"bogus\" not in enum");

    [Fact]
    public void Declaring_another_profile_is_fine_but_its_attributes_are_not_supported()
    {
        var ev = SampleEvents.ApiActivityCloud().With("metadata.profiles", new JsonArray("cloud", "host"));
        Errors(ev).Should().BeEmpty();
        Errors(ev.With("device", new JsonObject { ["type_id"] = 6 }))
            .Should().ContainSingle().Which.Should().Be(
                "device: attribute of profile host, which metadata.profiles lists but the generated schemas do not support");
    }

    [Fact]
    public void Required_json_value_may_not_be_null()
    {
        var enrichment = new JsonObject { ["name"] = "sigma", ["value"] = "rule-1", ["data"] = null };
        Errors(SampleEvents.ApiActivityCloud().With("enrichments", new JsonArray(enrichment)))
            .Should().ContainSingle().Which.Should().StartWith("enrichments[0].data: expected array or boolean");
        enrichment["data"] = new JsonObject { ["author"] = "someone" };
        Errors(SampleEvents.ApiActivityCloud().With("enrichments", new JsonArray(enrichment.DeepClone()))).Should().BeEmpty();
    }

    [Fact]
    public void Metadata_version_must_be_the_schema_version() =>
        Errors(SampleEvents.ApiActivityCloud().With("metadata.version", "1.1.0"))
            .Should().ContainSingle().Which.Should().Be("metadata.version: expected \"1.8.0\", got \"1.1.0\"");

    [Fact]
    public void Unmapped_accepts_any_nested_content()
    {
        var unmapped = SampleEvents.Parse("""
            { "anything": { "goes": [1, null, "x", { "deep": { "deeper": true } }] }, "n": 1.5, "s": "t" }
            """);
        Errors(SampleEvents.ApiActivityCloud().With("unmapped", unmapped)).Should().BeEmpty();
    }

    [Fact]
    public void Unmapped_must_still_be_an_object() =>
        Errors(SampleEvents.ApiActivityCloud().With("unmapped", "{}"))
            .Should().ContainSingle().Which.Should().Be("unmapped: expected object, got string");

    [Fact]
    public void Raw_data_hash_as_sha256_fingerprint_is_valid()
    {
        var hash = new JsonObject
        {
            ["algorithm_id"] = 3,
            ["algorithm"] = "SHA-256",
            ["value"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        };
        Errors(SampleEvents.ApiActivityCloud().With("raw_data_hash", hash)).Should().BeEmpty();
    }

    [Fact]
    public void Raw_data_hash_needs_algorithm_id_and_value() =>
        Errors(SampleEvents.ApiActivityCloud().With("raw_data_hash", new JsonObject { ["value"] = "ab" }))
            .Should().ContainSingle().Which.Should().Be("raw_data_hash.algorithm_id: required attribute missing");

    [Fact]
    public void Array_attribute_must_be_an_array() =>
        Errors(SampleEvents.ApiActivityCloud().With("resources", new JsonObject { ["uid"] = "x" }))
            .Should().ContainSingle().Which.Should().Be("resources: expected array, got object");

    [Fact]
    public void Ip_address_must_match_ip_t() =>
        Errors(SampleEvents.ApiActivityCloud().With("src_endpoint.ip", "AWS Internal"))
            .Should().ContainSingle().Which.Should().Be("src_endpoint.ip: 'AWS Internal' is not a valid ip_t");

    [Fact]
    public void Port_must_be_within_port_t_range() =>
        Errors(SampleEvents.ApiActivityCloud().With("src_endpoint.port", 70000))
            .Should().ContainSingle().Which.Should().StartWith("src_endpoint.port: 70000 is greater than the maximum 65535");

    [Fact]
    public void Recursive_objects_are_validated_through_refs()
    {
        var ev = SampleEvents.ApiActivityCloud().With("actor.process", SampleEvents.Parse("""
            { "pid": 1, "parent_process": { "pid": "not-a-number", "parent_process": { "pid": 3 } } }
            """));
        Errors(ev).Should().ContainSingle().Which.Should().StartWith("actor.process.parent_process.pid: expected integer");
    }

    [Fact]
    public void Unknown_class_uid_is_an_error() =>
        Errors(SampleEvents.ApiActivityCloud().With("class_uid", 9999))
            .Should().ContainSingle().Which.Should().StartWith("class_uid: no schema for class 9999");

    [Fact]
    public void Missing_class_uid_is_an_error() =>
        Errors(SampleEvents.ApiActivityCloud().Without("class_uid"))
            .Should().Equal("class_uid: required attribute missing");

    [Fact]
    public void Schema_with_an_unsupported_keyword_fails_to_load()
    {
        var directory = Directory.CreateTempSubdirectory("ocsf-schema-test-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "x.schema.json"), """
                { "x-ocsf": { "class_uid": 1, "profiles": [] }, "type": "object", "patternProperties": {} }
                """);
            var load = () => OcsfSchemaValidator.LoadFrom(directory.FullName);
            load.Should().Throw<InvalidDataException>().WithMessage("*patternProperties*not supported*");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
