using System.Globalization;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>
/// Ordinals of an input's records (0, 1, 2, … in the order the input yields them) as compact text "0-99,120,130-131",
/// which a batch manifest records per input so a resumed run can skip the records already stored.
/// </summary>
public sealed class OrdinalRanges
{
    private readonly List<(long First, long Last)> _ranges = [];

    public long Count { get; private set; }

    /// <summary>Adds an ordinal larger than every one added before.</summary>
    public void Add(long ordinal)
    {
        if (_ranges.Count > 0 && _ranges[^1].Last + 1 == ordinal)
        {
            _ranges[^1] = (_ranges[^1].First, ordinal);
        }
        else
        {
            _ranges.Add((ordinal, ordinal));
        }

        Count++;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (first, last) in _ranges)
        {
            text.Append(text.Length > 0 ? "," : "").Append(first.ToString(CultureInfo.InvariantCulture));
            if (last != first)
            {
                text.Append('-').Append(last.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Adds every ordinal of <paramref name="text"/> to <paramref name="into"/>; throws <see cref="FormatException"/> when malformed.</summary>
    public static void ParseInto(string text, HashSet<long> into)
    {
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] bounds = part.Split('-');
            long first = long.Parse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture);
            long last = bounds.Length == 2 ? long.Parse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture) : first;
            if (bounds.Length > 2 || last < first || last - first > 100_000_000)
            {
                throw new FormatException($"bad ordinal range: {part}");
            }

            for (long o = first; o <= last; o++)
            {
                into.Add(o);
            }
        }
    }
}
