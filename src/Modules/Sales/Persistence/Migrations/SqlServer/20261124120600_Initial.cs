using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "sales");

            migrationBuilder.CreateTable(
                name: "organizers",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    slug = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    can_write = table.Column<bool>(type: "bit", nullable: false),
                    token_hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_tokens_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalSchema: "sales",
                        principalTable: "organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_channels",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    identifier = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_channels", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_channels_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalSchema: "sales",
                        principalTable: "organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "venues",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_venues", x => x.id);
                    table.ForeignKey(
                        name: "fk_venues_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalSchema: "sales",
                        principalTable: "organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "events",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    slug = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    date_from = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    date_to = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    venue_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_events_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalSchema: "sales",
                        principalTable: "organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_events_venues_venue_id",
                        column: x => x.venue_id,
                        principalSchema: "sales",
                        principalTable: "venues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "products",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    default_price = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    admission = table.Column<bool>(type: "bit", nullable: false),
                    multiscan_limit = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                    table.ForeignKey(
                        name: "fk_products_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    code = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    email = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    is_deleted = table.Column<bool>(type: "bit", nullable: false),
                    payment_provider = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    sales_channel = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    expires = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    total = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "sales",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sale_status_changes",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    sale_id = table.Column<long>(type: "bigint", nullable: false),
                    trigger = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    from = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    to = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sale_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_sale_status_changes_sales_sale_id",
                        column: x => x.sale_id,
                        principalSchema: "sales",
                        principalTable: "sales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    sale_id = table.Column<long>(type: "bigint", nullable: false),
                    organizer_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    uuid = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    public_id = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    secret = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    check_in_code = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    attendee_name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    seat = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    price = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    voided = table.Column<bool>(type: "bit", nullable: false),
                    voided_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.ForeignKey(
                        name: "fk_tickets_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "sales",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tickets_sales_sale_id",
                        column: x => x.sale_id,
                        principalSchema: "sales",
                        principalTable: "sales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_organizer_id",
                schema: "sales",
                table: "api_tokens",
                column: "organizer_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_token_hash",
                schema: "sales",
                table: "api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_organizer_id_slug",
                schema: "sales",
                table: "events",
                columns: new[] { "organizer_id", "slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_venue_id",
                schema: "sales",
                table: "events",
                column: "venue_id");

            migrationBuilder.CreateIndex(
                name: "ix_organizers_slug",
                schema: "sales",
                table: "organizers",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_event_id",
                schema: "sales",
                table: "products",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sale_status_changes_sale_id",
                schema: "sales",
                table: "sale_status_changes",
                column: "sale_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_event_id_status",
                schema: "sales",
                table: "sales",
                columns: new[] { "event_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_organizer_id_code",
                schema: "sales",
                table: "sales",
                columns: new[] { "organizer_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_organizer_id_email",
                schema: "sales",
                table: "sales",
                columns: new[] { "organizer_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_status_expires",
                schema: "sales",
                table: "sales",
                columns: new[] { "status", "expires" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_channels_organizer_id_identifier",
                schema: "sales",
                table: "sales_channels",
                columns: new[] { "organizer_id", "identifier" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_event_id",
                schema: "sales",
                table: "tickets",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_organizer_id_check_in_code",
                schema: "sales",
                table: "tickets",
                columns: new[] { "organizer_id", "check_in_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_product_id",
                schema: "sales",
                table: "tickets",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_public_id",
                schema: "sales",
                table: "tickets",
                column: "public_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_sale_id",
                schema: "sales",
                table: "tickets",
                column: "sale_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_secret",
                schema: "sales",
                table: "tickets",
                column: "secret",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_uuid",
                schema: "sales",
                table: "tickets",
                column: "uuid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_venues_organizer_id",
                schema: "sales",
                table: "venues",
                column: "organizer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "sale_status_changes",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "sales_channels",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "products",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "sales",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "events",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "venues",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "organizers",
                schema: "sales");
        }
    }
}
