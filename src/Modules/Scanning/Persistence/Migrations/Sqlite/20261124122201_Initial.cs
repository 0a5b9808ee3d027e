using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Scanning.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scanning_offline_redemptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    client_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    event_slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    public_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    scanned_at = table.Column<long>(type: "INTEGER", nullable: false),
                    synced_at = table.Column<long>(type: "INTEGER", nullable: false),
                    accepted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    result = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: true),
                    scan_attempt_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scanning_offline_redemptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scanning_scan_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    surface = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    device_id = table.Column<long>(type: "INTEGER", nullable: true),
                    token_id = table.Column<long>(type: "INTEGER", nullable: true),
                    actor = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    client_time = table.Column<long>(type: "INTEGER", nullable: true),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    result = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checkin_id = table.Column<long>(type: "INTEGER", nullable: true),
                    before = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    after = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    venue_id = table.Column<long>(type: "INTEGER", nullable: true),
                    scanner_device = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    barcode_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scanning_scan_attempts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scanning_scanner_devices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    uuid = table.Column<Guid>(type: "TEXT", nullable: false),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    organizer_slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    checkin_list_id = table.Column<long>(type: "INTEGER", nullable: true),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scanning_scanner_devices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scanning_offline_redemptions_organizer_id_actor_client_id",
                table: "scanning_offline_redemptions",
                columns: new[] { "organizer_id", "actor", "client_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scanning_offline_redemptions_ticket_id",
                table: "scanning_offline_redemptions",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scan_attempts_device_id",
                table: "scanning_scan_attempts",
                column: "device_id");

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scan_attempts_organizer_id_at",
                table: "scanning_scan_attempts",
                columns: new[] { "organizer_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scan_attempts_ticket_id_id",
                table: "scanning_scan_attempts",
                columns: new[] { "ticket_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scanner_devices_organizer_id",
                table: "scanning_scanner_devices",
                column: "organizer_id");

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scanner_devices_token_hash",
                table: "scanning_scanner_devices",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scanning_scanner_devices_uuid",
                table: "scanning_scanner_devices",
                column: "uuid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scanning_offline_redemptions");

            migrationBuilder.DropTable(
                name: "scanning_scan_attempts");

            migrationBuilder.DropTable(
                name: "scanning_scanner_devices");
        }
    }
}
