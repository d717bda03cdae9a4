using TrailNormalizer.Core.Rules;
using static TrailNormalizer.Core.Tests.Rules.Engine.SigmaFixture;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class ConditionTests
{
    private const string Selections = """
        a:
          x: 1
        b:
          y: 1
        c:
          z: 1
        sel_one:
          p: 1
        sel_two:
          q: 1
        _private:
          r: 1
        """;

    private static bool Eval(string condition, string record) =>
        Matches(Selections + "\ncondition: " + condition, record);

    [Theory]
    [InlineData("a or b and c", """{"x":1}""", true)]
    [InlineData("a or b and c", """{"y":1}""", false)]
    [InlineData("a or b and c", """{"y":1,"z":1}""", true)]
    [InlineData("(a or b) and c", """{"x":1}""", false)]
    [InlineData("(a or b) and c", """{"x":1,"z":1}""", true)]
    [InlineData("not a and b", """{"y":1}""", true)]
    [InlineData("not a and b", """{"x":1,"y":1}""", false)]
    [InlineData("not (a and b)", """{"x":1,"y":1}""", false)]
    [InlineData("not (a and b)", """{"x":1}""", true)]
    [InlineData("not not a", """{"x":1}""", true)]
    [InlineData("a and not b or c", """{"z":1}""", true)]
    [InlineData("a and not b or c", """{"x":1,"y":1}""", false)]
    [InlineData("a OR NOT b", """{"z":1}""", true)]
    public void Precedence_not_then_and_then_or(string condition, string record, bool expected) =>
        Eval(condition, record).Should().Be(expected);

    [Theory]
    [InlineData("1 of sel_*", """{"q":1}""", true)]
    [InlineData("any of sel_*", """{"p":1}""", true)]
    [InlineData("all of sel_*", """{"p":1}""", false)]
    [InlineData("all of sel_*", """{"p":1,"q":1}""", true)]
    [InlineData("1 of them", """{"z":1}""", true)]
    [InlineData("1 of them", """{"r":1}""", false)]
    [InlineData("all of them", """{"x":1,"y":1,"z":1,"p":1,"q":1}""", true)]
    [InlineData("all of them", """{"x":1,"y":1,"z":1,"p":1}""", false)]
    [InlineData("a and not 1 of sel_*", """{"x":1,"q":1}""", false)]
    [InlineData("a and not 1 of sel_*", """{"x":1}""", true)]
    [InlineData("1 of _priv*", """{"r":1}""", true)]
    public void Quantifiers(string condition, string record, bool expected) =>
        Eval(condition, record).Should().Be(expected);

    [Fact]
    public void A_list_of_conditions_is_an_or()
    {
        const string detection = Selections + "\ncondition:\n  - a and b\n  - c";
        Matches(detection, """{"z":1}""").Should().BeTrue();
        Matches(detection, """{"x":1,"y":1}""").Should().BeTrue();
        Matches(detection, """{"x":1}""").Should().BeFalse();
        Compile(detection).Detection.Conditions.Should().Equal("a and b", "c");
    }

    [Theory]
    [InlineData("a and", "ends where")]
    [InlineData("a b", "unexpected 'b'")]
    [InlineData("(a or b", "')'")]
    [InlineData("missing", "'missing', which is not a search identifier")]
    [InlineData("1 of nothing*", "'nothing*' names no search identifier")]
    [InlineData("sel_*", "needs '1 of' or 'all of'")]
    [InlineData("a | count() > 5", "aggregation expressions")]
    public void Bad_conditions_are_diagnosed_on_the_condition_line(string condition, string message)
    {
        RuleDiagnostic d = SingleDiagnostic(RuleText(Selections + "\ncondition: " + condition));
        d.Message.Should().Contain(message);
        d.Line.Should().Be(21);
    }
}
