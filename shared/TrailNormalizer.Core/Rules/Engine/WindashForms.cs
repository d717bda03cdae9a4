namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// <c>|windash</c>: a value whose command-line flags start with <c>-</c> also matches with <c>/</c>, en dash, em dash
/// or horizontal bar in their place (a dash at the start of the value or after a space).
/// </summary>
internal static class WindashForms
{
    private static readonly char[] Dashes = ['/', '\u2013', '\u2014', '\u2015'];

    public static IEnumerable<string> Of(string value)
    {
        yield return value;
        if (!value.Contains('-', StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (char dash in Dashes)
        {
            char[] chars = value.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '-' && (i == 0 || chars[i - 1] == ' '))
                {
                    chars[i] = dash;
                }
            }

            var form = new string(chars);
            if (!form.Equals(value, StringComparison.Ordinal))
            {
                yield return form;
            }
        }
    }
}
