namespace TokenGovernor.Server; internal static class Placeholder { }
