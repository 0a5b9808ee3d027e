using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EventOps.Modules.Checkin.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckinInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "checkin");

            migrationBuilder.CreateTable(
                name: "checkin_lists",
                schema: "checkin",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    default_for_event_id = table.Column<long>(type: "bigint", nullable: true),
                    all_products = table.Column<bool>(type: "boolean", nullable: false),
                    limit_products = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    include_pending = table.Column<bool>(type: "boolean", nullable: false),
                    allow_multiple_entries = table.Column<bool>(type: "boolean", nullable: false),
                    allow_entry_after_exit = table.Column<bool>(type: "boolean", nullable: false),
                    auto_checkin_sales_channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkin_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "questions",
                schema: "checkin",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    type = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    required = table.Column<bool>(type: "boolean", nullable: false),
                    products = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    identifier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ask_during_checkin = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_questions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkins",
                schema: "checkin",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: true),
                    list_id = table.Column<long>(type: "bigint", nullable: true),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    raw_identifier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    type = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    successful = table.Column<bool>(type: "boolean", nullable: false),
                    error_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    error_explanation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    seq = table.Column<long>(type: "bigint", nullable: true),
                    nonce = table.Column<string>(type: "character varying(190)", maxLength: 190, nullable: true),
                    forced = table.Column<bool>(type: "boolean", nullable: false),
                    auto_checked_in = table.Column<bool>(type: "boolean", nullable: false),
                    reverted = table.Column<bool>(type: "boolean", nullable: false),
                    reverted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reverted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    datetime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_datetime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    server_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    device_id = table.Column<long>(type: "bigint", nullable: true),
                    surface = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkins", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkins_checkin_lists_list_id",
                        column: x => x.list_id,
                        principalSchema: "checkin",
                        principalTable: "checkin_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "answers",
                schema: "checkin",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    question_id = table.Column<long>(type: "bigint", nullable: false),
                    value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    option_ids = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_answers_questions_question_id",
                        column: x => x.question_id,
                        principalSchema: "checkin",
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "question_options",
                schema: "checkin",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    question_id = table.Column<long>(type: "bigint", nullable: false),
                    answer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    identifier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_options", x => x.id);
                    table.ForeignKey(
                        name: "fk_question_options_questions_question_id",
                        column: x => x.question_id,
                        principalSchema: "checkin",
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_answers_question_id",
                schema: "checkin",
                table: "answers",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_answers_ticket_id_question_id",
                schema: "checkin",
                table: "answers",
                columns: new[] { "ticket_id", "question_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_lists_default_for_event_id",
                schema: "checkin",
                table: "checkin_lists",
                column: "default_for_event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkin_lists_organizer_id_event_id",
                schema: "checkin",
                table: "checkin_lists",
                columns: new[] { "organizer_id", "event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_checkins_list_id_server_time",
                schema: "checkin",
                table: "checkins",
                columns: new[] { "list_id", "server_time" });

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

            migrationBuilder.CreateIndex(
                name: "ix_question_options_question_id",
                schema: "checkin",
                table: "question_options",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_questions_event_id",
                schema: "checkin",
                table: "questions",
                column: "event_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "answers",
                schema: "checkin");

            migrationBuilder.DropTable(
                name: "checkins",
                schema: "checkin");

            migrationBuilder.DropTable(
                name: "question_options",
                schema: "checkin");

            migrationBuilder.DropTable(
                name: "checkin_lists",
                schema: "checkin");

            migrationBuilder.DropTable(
                name: "questions",
                schema: "checkin");
        }
    }
}
