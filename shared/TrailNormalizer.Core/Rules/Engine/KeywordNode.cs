using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// A keyword (value-only) search: holds when any string, number or boolean value anywhere in the record (property
/// names are not searched) passes any test, or with <c>|all</c> when every test is passed by some value. A plain
/// keyword is compiled as <c>|contains</c> (full-text search).
/// </summary>
internal sealed class KeywordNode(IValueTest[] tests, bool all) : IMatchNode
{
    public bool Matches(JsonElement record)
    {
        foreach (IValueTest test in tests)
        {
            if (AnyLeaf(record, test, record) != all)
            {
                return !all;
            }
        }

        return all;
    }

    private static bool AnyLeaf(JsonElement element, IValueTest test, JsonElement record)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (AnyLeaf(property.Value, test, record))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (AnyLeaf(item, test, record))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return false;
            default:
                return test.Matches(element, record);
        }
    }
}
