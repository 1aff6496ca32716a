namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Which process holds a reservation: a process killed outright never returns its reservations, and a later run
/// recognises them by their owner being gone and takes the budget back.
/// </summary>
internal static class Migration0006_ReservationOwners
{
    public const string Sql = """
        ALTER TABLE reservations ADD COLUMN owner_pid INTEGER NULL;
        ALTER TABLE reservations ADD COLUMN owner_start_ticks BIGINT NULL;
        ALTER TABLE reservations ADD COLUMN owner_host TEXT NULL;
        """;
}
