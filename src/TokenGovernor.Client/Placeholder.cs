namespace TokenGovernor.Client; internal static class Placeholder { }
