using TokenGovernor.Usage.Json;

namespace TokenGovernor.Usage.Tests.Json;

public sealed class JsNumberTests
{
    [Theory]
    [InlineData(0.000003, "0.000003")]
    [InlineData(3e-7, "3e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.25e22, "1.25e+22")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(12.345, "12.345")]
    public void Numbers_print_as_javascript_prints_them(double value, string expected) =>
        Assert.Equal(expected, JsNumber.Format(value));
}
