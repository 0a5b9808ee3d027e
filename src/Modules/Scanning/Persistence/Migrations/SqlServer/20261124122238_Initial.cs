using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Scanning.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "scanning");

            migrationBuilder.CreateTable(
                name: "offline_redemptions",
                schema: "scanning",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    client_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    event_slug = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    public_id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    scanned_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    synced_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    result = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    message = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    scan_attempt_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offline_redemptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scan_attempts",
                schema: "scanning",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    surface = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    action = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    device_id = table.Column<long>(type: "bigint", nullable: true),
                    token_id = table.Column<long>(type: "bigint", nullable: true),
                    actor = table.Column<string>(type: "nvarchar(250)", maxLength: 250, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    client_time = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    identifier = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    event_id = table.Column<long>(type: "bigint", nullable: true),
                    result = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    checkin_id = table.Column<long>(type: "bigint", nullable: true),
                    before = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    after = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    venue_id = table.Column<long>(type: "bigint", nullable: true),
                    scanner_device = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    barcode_type = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_attempts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scanner_devices",
                schema: "scanning",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    uuid = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    organizer_slug = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: true),
                    checkin_list_id = table.Column<long>(type: "bigint", nullable: true),
                    token_hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scanner_devices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_offline_redemptions_organizer_id_actor_client_id",
                schema: "scanning",
                table: "offline_redemptions",
                columns: new[] { "organizer_id", "actor", "client_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_offline_redemptions_ticket_id",
                schema: "scanning",
                table: "offline_redemptions",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_scan_attempts_device_id",
                schema: "scanning",
                table: "scan_attempts",
                column: "device_id");

            migrationBuilder.CreateIndex(
                name: "ix_scan_attempts_organizer_id_at",
                schema: "scanning",
                table: "scan_attempts",
                columns: new[] { "organizer_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_scan_attempts_ticket_id_id",
                schema: "scanning",
                table: "scan_attempts",
                columns: new[] { "ticket_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_scanner_devices_organizer_id",
                schema: "scanning",
                table: "scanner_devices",
                column: "organizer_id");

            migrationBuilder.CreateIndex(
                name: "ix_scanner_devices_token_hash",
                schema: "scanning",
                table: "scanner_devices",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scanner_devices_uuid",
                schema: "scanning",
                table: "scanner_devices",
                column: "uuid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "offline_redemptions",
                schema: "scanning");

            migrationBuilder.DropTable(
                name: "scan_attempts",
                schema: "scanning");

            migrationBuilder.DropTable(
                name: "scanner_devices",
                schema: "scanning");
        }
    }
}
