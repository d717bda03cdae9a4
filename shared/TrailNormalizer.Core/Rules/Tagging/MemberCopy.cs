using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Copies JSON members and values from a reader over <c>json</c> to a writer: byte for byte when <c>json</c> holds no
/// <c>\u</c> escape (escaping them again would change nothing), else token by token, strings unescaped and escaped again
/// by the writer, which is what <see cref="JsonElement.WriteTo"/> does.
/// </summary>
internal readonly ref struct MemberCopy
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly bool _verbatim;

    public MemberCopy(ReadOnlySpan<byte> json)
    {
        _json = json;
        _verbatim = json.IndexOf("\\u"u8) < 0;
    }

    /// <summary>Copies the member whose name the reader is on, leaving the reader on the value's last token.</summary>
    public void Member(Utf8JsonWriter w, ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            w.WritePropertyName(reader.GetString()!);
        }
        else
        {
            w.WritePropertyName(reader.ValueSpan);
        }

        reader.Read();
        Value(w, ref reader);
    }

    /// <summary>Copies the value whose first token the reader is on, leaving the reader on its last token.</summary>
    public void Value(Utf8JsonWriter w, ref Utf8JsonReader reader)
    {
        if (_verbatim)
        {
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            w.WriteRawValue(_json[start..(int)reader.BytesConsumed], skipInputValidation: true);
            return;
        }

        Token(w, ref reader);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int depth = reader.CurrentDepth;
            while (reader.Read())
            {
                Token(w, ref reader);
                if (reader.CurrentDepth == depth)
                {
                    break; // the value's closing bracket
                }
            }
        }
    }

    private static void Token(Utf8JsonWriter w, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                w.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                w.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                w.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                w.WriteEndArray();
                break;
            case JsonTokenType.PropertyName when reader.ValueIsEscaped:
                w.WritePropertyName(reader.GetString()!);
                break;
            case JsonTokenType.PropertyName:
                w.WritePropertyName(reader.ValueSpan);
                break;
            case JsonTokenType.String when reader.ValueIsEscaped:
                w.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.String:
                w.WriteStringValue(reader.ValueSpan);
                break;
            case JsonTokenType.Number:
                w.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                w.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                w.WriteNullValue();
                break;
        }
    }
}
