using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckinIndexesForWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_nonce",
                table: "checkin_checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_seq",
                table: "checkin_checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkin_checkins_ticket_id_list_id",
                table: "checkin_checkins");

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_nonce",
                table: "checkin_checkins",
                columns: new[] { "list_id", "ticket_id", "nonce" },
                unique: true,
                filter: "list_id IS NOT NULL AND ticket_id IS NOT NULL AND nonce IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_ticket_id_list_id_seq",
                table: "checkin_checkins",
                columns: new[] { "ticket_id", "list_id", "seq" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_nonce",
                table: "checkin_checkins");

            migrationBuilder.DropIndex(
                name: "ix_checkin_checkins_ticket_id_list_id_seq",
                table: "checkin_checkins");

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_nonce",
                table: "checkin_checkins",
                columns: new[] { "list_id", "ticket_id", "nonce" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_list_id_ticket_id_seq",
                table: "checkin_checkins",
                columns: new[] { "list_id", "ticket_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_ticket_id_list_id",
                table: "checkin_checkins",
                columns: new[] { "ticket_id", "list_id" });
        }
    }
}
