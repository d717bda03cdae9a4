using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Core.Tests.Evidence;

public class RetentionPolicyTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("400", 400)]
    [InlineData("3650", 3650)]
    public void Days_at_or_above_the_minimum_are_read(string text, int days)
    {
        RetentionPolicy.TryParseDays(text, out var policy, out string? problem).Should().BeTrue(problem);
        policy!.Days.Should().Be(days);
        policy.RetainUntil(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days));
    }

    [Theory]
    [InlineData("89", "89 is below the 90-day minimum for audit evidence")]
    [InlineData("0", "0 is below the 90-day minimum for audit evidence")]
    [InlineData("-400", "'-400' is not a whole number of days")]
    [InlineData("1 year", "'1 year' is not a whole number of days")]
    [InlineData("", "'' is not a whole number of days")]
    public void Anything_else_is_refused_with_a_reason(string text, string reason)
    {
        RetentionPolicy.TryParseDays(text, out var policy, out string? problem).Should().BeFalse();
        policy.Should().BeNull();
        problem.Should().Be(reason);
    }

    [Fact]
    public void The_constructor_refuses_less_than_the_minimum_and_defaults_to_400_days()
    {
        RetentionPolicy.Default.Days.Should().Be(400);
        var tooShort = () => new RetentionPolicy(30);
        tooShort.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*below the 90-day minimum*");
    }
}
