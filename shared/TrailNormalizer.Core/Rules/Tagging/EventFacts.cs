using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Reads just <c>metadata.product.name</c>, <c>metadata.log_provider</c> and <c>raw_data</c> from a serialized event with a forward-only
/// reader, so events that match no rule are never parsed into a document.
/// </summary>
internal static class EventFacts
{
    /// <summary>
    /// Events nest deeper than their records (a record's parts sit under <c>unmapped</c>); records are read up to
    /// <see cref="Input.InputLimits.MaxDepth"/>, so the tagger reads events with room to spare.
    /// </summary>
    public const int MaxEventDepth = 512;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxEventDepth };

    public static (string? Product, string? LogProvider, string? RawData) Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxEventDepth });
        string? product = null, provider = null, raw = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, null, null);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("raw_data"u8))
            {
                reader.Read();
                raw = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                (product, provider) = ProductAndProvider(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (product, provider, raw);
    }

    private static (string? Product, string? LogProvider) ProductAndProvider(ref Utf8JsonReader reader)
    {
        string? name = null, provider = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isProduct = reader.ValueTextEquals("product"u8);
            bool isProvider = reader.ValueTextEquals("log_provider"u8);
            reader.Read();
            if (isProvider && reader.TokenType == JsonTokenType.String)
            {
                provider = reader.GetString();
            }
            else if (isProduct && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isName = reader.ValueTextEquals("name"u8);
                    reader.Read();
                    if (isName && reader.TokenType == JsonTokenType.String)
                    {
                        name = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (name, provider);
    }
}
