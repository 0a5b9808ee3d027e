using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckinIndexesForWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_checkins_list_id_ticket_id_nonce",
                schema: "checkin",
                table: "checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkins_list_id_ticket_id_seq",
                schema: "checkin",
                table: "checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkins_ticket_id_list_id",
                schema: "checkin",
                table: "checkins");

            migrationBuilder.CreateIndex(
                name: "ix_checkins_list_id_ticket_id_nonce",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "list_id", "ticket_id", "nonce" },
                unique: true,
                filter: "list_id IS NOT NULL AND ticket_id IS NOT NULL AND nonce IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_checkins_ticket_id_list_id_seq",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "ticket_id", "list_id", "seq" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_checkins_list_id_ticket_id_nonce",
                schema: "checkin",
                table: "checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkins_ticket_id_list_id_seq",
                schema: "checkin",
                table: "checkins");

            migrationBuilder.CreateIndex(
                name: "ix_checkins_list_id_ticket_id_nonce",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "list_id", "ticket_id", "nonce" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkins_list_id_ticket_id_seq",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "list_id", "ticket_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkins_ticket_id_list_id",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "ticket_id", "list_id" });
        }
    }
}
