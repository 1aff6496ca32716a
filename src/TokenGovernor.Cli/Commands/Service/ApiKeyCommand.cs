using System.CommandLine;
using Spectre.Console;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary><c>token-gov apikey create|list|revoke</c>: keys for the service's API, stored hashed.</summary>
internal sealed class ApiKeyCommand : Command
{
    public ApiKeyCommand()
        : base("apikey", "Create, list and revoke API keys of 'token-gov serve'")
    {
        Subcommands.Add(Create());
        Subcommands.Add(List());
        Subcommands.Add(Revoke());
    }

    private static Command Create()
    {
        var name = new Option<string>("--name") { Description = "A name to recognise the key by", Required = true };
        var scope = new Option<string>("--scope") { Description = "admin, or project:<id or name> for a key limited to one project", DefaultValueFactory = _ => "admin" };
        return ServiceCommands.With(new Command("create", "Create a key; its secret is printed once") { name, scope }, async (parse, admin, _, json, ct) =>
        {
            var created = await admin.CreateKeyAsync(parse.GetValue(name)!, parse.GetValue(scope)!, ct);
            if (json)
            {
                await PrintJsonAsync(new { id = created.Key.Id, name = created.Key.Name, scope = created.Key.Scope, key = created.Secret });
                return 0;
            }

            await Console.Out.WriteLineAsync(created.Secret);
            await Console.Error.WriteLineAsync($"created key {created.Key.Name} ({created.Key.Id}) with scope {created.Key.Scope}; the secret above is shown only now");
            return 0;
        });
    }

    private static Command List() =>
        ServiceCommands.With(new Command("list", "List keys (never their secrets)"), async (_, admin, _, json, ct) =>
        {
            var keys = await admin.ListKeysAsync(ct);
            if (json)
            {
                await PrintJsonAsync(keys.Select(key => new { id = key.Id, name = key.Name, prefix = key.Prefix, scope = key.Scope, created_at = key.CreatedAt, revoked_at = key.RevokedAt }));
                return 0;
            }

            var table = NewTable("id", "name", "key", "scope", "created", "revoked");
            foreach (var key in keys)
            {
                table.AddRow(key.Id, Markup.Escape(key.Name), $"tgk_{key.Prefix}_…", Markup.Escape(key.Scope), Time(key.CreatedAt), Time(key.RevokedAt));
            }

            PrintTable(table);
            return 0;
        });

    private static Command Revoke()
    {
        var key = new Argument<string>("key") { Description = "Key id or name" };
        return ServiceCommands.With(new Command("revoke", "Revoke a key; the server refuses it within two seconds") { key }, async (parse, admin, _, _, ct) =>
        {
            await admin.RevokeKeyAsync(parse.GetValue(key)!, ct);
            await Console.Out.WriteLineAsync($"revoked {parse.GetValue(key)}");
            return 0;
        });
    }
}
