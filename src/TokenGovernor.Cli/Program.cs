using TokenGovernor.Cli;

return await CliApp.RunAsync(args);
