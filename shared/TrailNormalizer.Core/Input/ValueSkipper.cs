namespace TrailNormalizer.Core.Input;

/// <summary>
/// Finds where one JSON value ends by scanning bytes (strings, escapes, brackets) without holding any token
/// whole, so a value of any size can be stepped over in fixed memory. It does not validate the value. Optionally a
/// raw line break inside a string (which JSON does not allow) ends the value there, or in NDJSON, where a record
/// is one line, the value is the line; either way a broken oversized line cannot swallow the lines after it.
/// </summary>
internal struct ValueSkipper(bool stopAtLineBreakInString, bool stopAtAnyLineBreak)
{
    private int _depth;
    private bool _started;
    private bool _inString;
    private bool _escaped;
    private bool _scalar;

    /// <summary>Scans the next bytes of the value; returns how many of them belong to it when it ends inside them, else -1.</summary>
    public int Scan(ReadOnlySpan<byte> bytes)
    {
        if (stopAtAnyLineBreak)
        {
            return bytes.IndexOf((byte)'\n');
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                    if (_depth == 0)
                    {
                        return i + 1;
                    }
                }
                else if (b == (byte)'\n' && stopAtLineBreakInString)
                {
                    return i;
                }

                continue;
            }

            if (!_started)
            {
                _started = true;
                _inString = b == (byte)'"';
                _scalar = b is not ((byte)'"' or (byte)'{' or (byte)'[');
                _depth = b is (byte)'{' or (byte)'[' ? 1 : 0;
                continue;
            }

            if (_scalar)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)']' or (byte)'}')
                {
                    return i;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }
}
