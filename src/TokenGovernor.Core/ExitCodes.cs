namespace TokenGovernor.Core;

/// <summary>The process exit codes every command uses.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TaskFailed = 1;
    public const int InputError = 2;
    public const int RateLimited = 4;
    public const int BudgetExhausted = 5;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
