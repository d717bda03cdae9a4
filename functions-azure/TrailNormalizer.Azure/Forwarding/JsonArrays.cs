namespace TrailNormalizer.Azure.Forwarding;

/// <summary>JSON values packed into JSON arrays of bounded size, for services that cap the bytes per request.</summary>
public static class JsonArrays
{
    /// <summary>The values, in order, as arrays of at most <paramref name="maxBytes"/> each; a value that cannot fit alone is refused.</summary>
    public static IEnumerable<byte[]> Split(IEnumerable<byte[]> values, int maxBytes)
    {
        using var array = new MemoryStream();
        foreach (byte[] value in values)
        {
            if (value.Length + 2 > maxBytes)
            {
                throw new ArgumentException($"a value of {value.Length} bytes does not fit in a request of at most {maxBytes} bytes", nameof(values));
            }

            if (array.Length > 0 && array.Length + 1 + value.Length + 1 > maxBytes)
            {
                yield return Close(array);
                array.SetLength(0);
            }

            array.WriteByte(array.Length == 0 ? (byte)'[' : (byte)',');
            array.Write(value);
        }

        if (array.Length > 0)
        {
            yield return Close(array);
        }
    }

    private static byte[] Close(MemoryStream array)
    {
        array.WriteByte((byte)']');
        return array.ToArray();
    }
}
