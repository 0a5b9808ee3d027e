using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SnapshotVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_event_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.AddColumn<long>(
                name: "revision",
                schema: "sales",
                table: "sales",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_event_id_id",
                schema: "sales",
                table: "tickets",
                columns: new[] { "event_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_event_id_id",
                schema: "sales",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "revision",
                schema: "sales",
                table: "sales");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_event_id",
                schema: "sales",
                table: "tickets",
                column: "event_id");
        }
    }
}
