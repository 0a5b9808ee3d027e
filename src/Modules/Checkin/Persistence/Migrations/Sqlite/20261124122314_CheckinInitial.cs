using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckinInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "checkin_checkin_lists",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    default_for_event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    all_products = table.Column<bool>(type: "INTEGER", nullable: false),
                    limit_products = table.Column<string>(type: "TEXT", nullable: false),
                    include_pending = table.Column<bool>(type: "INTEGER", nullable: false),
                    allow_multiple_entries = table.Column<bool>(type: "INTEGER", nullable: false),
                    allow_entry_after_exit = table.Column<bool>(type: "INTEGER", nullable: false),
                    auto_checkin_sales_channels = table.Column<string>(type: "TEXT", nullable: false),
                    valid_from = table.Column<long>(type: "INTEGER", nullable: true),
                    valid_until = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_checkin_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkin_questions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    required = table.Column<bool>(type: "INTEGER", nullable: false),
                    products = table.Column<string>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ask_during_checkin = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_questions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkin_checkins",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    list_id = table.Column<long>(type: "INTEGER", nullable: true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: true),
                    raw_identifier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    successful = table.Column<bool>(type: "INTEGER", nullable: false),
                    error_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error_explanation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    seq = table.Column<long>(type: "INTEGER", nullable: true),
                    nonce = table.Column<string>(type: "TEXT", maxLength: 190, nullable: true),
                    forced = table.Column<bool>(type: "INTEGER", nullable: false),
                    auto_checked_in = table.Column<bool>(type: "INTEGER", nullable: false),
                    reverted = table.Column<bool>(type: "INTEGER", nullable: false),
                    reverted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reverted_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    datetime = table.Column<long>(type: "INTEGER", nullable: false),
                    client_datetime = table.Column<long>(type: "INTEGER", nullable: true),
                    server_time = table.Column<long>(type: "INTEGER", nullable: false),
                    device_id = table.Column<long>(type: "INTEGER", nullable: true),
                    surface = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_checkins", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkin_checkins_checkin_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "checkin_checkin_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "checkin_answers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: false),
                    question_id = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    option_ids = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkin_answers_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "checkin_questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "checkin_question_options",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    question_id = table.Column<long>(type: "INTEGER", nullable: false),
                    answer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_question_options", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkin_question_options_checkin_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "checkin_questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_checkin_answers_question_id",
                table: "checkin_answers",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkin_answers_ticket_id_question_id",
                table: "checkin_answers",
                columns: new[] { "ticket_id", "question_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkin_lists_default_for_event_id",
                table: "checkin_checkin_lists",
                column: "default_for_event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkin_lists_organizer_id_event_id",
                table: "checkin_checkin_lists",
                columns: new[] { "organizer_id", "event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_checkin_checkins_list_id_server_time",
                table: "checkin_checkins",
                columns: new[] { "list_id", "server_time" });

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

            migrationBuilder.CreateIndex(
                name: "ix_checkin_question_options_question_id",
                table: "checkin_question_options",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkin_questions_event_id",
                table: "checkin_questions",
                column: "event_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkin_answers");

            migrationBuilder.DropTable(
                name: "checkin_checkins");

            migrationBuilder.DropTable(
                name: "checkin_question_options");

            migrationBuilder.DropTable(
                name: "checkin_checkin_lists");

            migrationBuilder.DropTable(
                name: "checkin_questions");
        }
    }
}
