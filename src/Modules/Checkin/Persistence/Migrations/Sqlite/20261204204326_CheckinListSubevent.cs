using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckinListSubevent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "sub_event_id",
                table: "checkin_checkin_lists",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sub_event_id",
                table: "checkin_checkin_lists");
        }
    }
}
