using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EventOps.Modules.Sales.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_organizers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_organizers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sales_api_tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    can_write = table.Column<bool>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_api_tokens_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalTable: "sales_organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_sales_channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_sales_channels", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_sales_channels_sales_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalTable: "sales_organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_venues",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_venues", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_venues_sales_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalTable: "sales_organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    date_from = table.Column<long>(type: "INTEGER", nullable: false),
                    date_to = table.Column<long>(type: "INTEGER", nullable: true),
                    venue_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_events_organizers_organizer_id",
                        column: x => x.organizer_id,
                        principalTable: "sales_organizers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_events_venues_venue_id",
                        column: x => x.venue_id,
                        principalTable: "sales_venues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_products",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    default_price = table.Column<double>(type: "REAL", nullable: false),
                    admission = table.Column<bool>(type: "INTEGER", nullable: false),
                    multiscan_limit = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_products", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_products_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    is_deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    payment_provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    sales_channel = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    expires = table.Column<long>(type: "INTEGER", nullable: true),
                    total = table.Column<double>(type: "REAL", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_sales", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_sales_sales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "sales_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_sale_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sale_id = table.Column<long>(type: "INTEGER", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    to = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_sale_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_sale_status_changes_sales_sales_sale_id",
                        column: x => x.sale_id,
                        principalTable: "sales_sales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sale_id = table.Column<long>(type: "INTEGER", nullable: false),
                    organizer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    uuid = table.Column<Guid>(type: "TEXT", nullable: false),
                    public_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    secret = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    check_in_code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    attendee_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    seat = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    price = table.Column<double>(type: "REAL", nullable: false),
                    voided = table.Column<bool>(type: "INTEGER", nullable: false),
                    voided_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_tickets", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_tickets_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "sales_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sales_tickets_sales_sales_sale_id",
                        column: x => x.sale_id,
                        principalTable: "sales_sales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sales_api_tokens_organizer_id",
                table: "sales_api_tokens",
                column: "organizer_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_api_tokens_token_hash",
                table: "sales_api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_events_organizer_id_slug",
                table: "sales_events",
                columns: new[] { "organizer_id", "slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_events_venue_id",
                table: "sales_events",
                column: "venue_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_organizers_slug",
                table: "sales_organizers",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_products_event_id",
                table: "sales_products",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_sale_status_changes_sale_id",
                table: "sales_sale_status_changes",
                column: "sale_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_sales_event_id_status",
                table: "sales_sales",
                columns: new[] { "event_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_sales_organizer_id_code",
                table: "sales_sales",
                columns: new[] { "organizer_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_sales_organizer_id_email",
                table: "sales_sales",
                columns: new[] { "organizer_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_sales_status_expires",
                table: "sales_sales",
                columns: new[] { "status", "expires" });

            migrationBuilder.CreateIndex(
                name: "ix_sales_sales_channels_organizer_id_identifier",
                table: "sales_sales_channels",
                columns: new[] { "organizer_id", "identifier" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_event_id",
                table: "sales_tickets",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_organizer_id_check_in_code",
                table: "sales_tickets",
                columns: new[] { "organizer_id", "check_in_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_product_id",
                table: "sales_tickets",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_public_id",
                table: "sales_tickets",
                column: "public_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_sale_id",
                table: "sales_tickets",
                column: "sale_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_secret",
                table: "sales_tickets",
                column: "secret",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_tickets_uuid",
                table: "sales_tickets",
                column: "uuid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_venues_organizer_id",
                table: "sales_venues",
                column: "organizer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_api_tokens");

            migrationBuilder.DropTable(
                name: "sales_sale_status_changes");

            migrationBuilder.DropTable(
                name: "sales_sales_channels");

            migrationBuilder.DropTable(
                name: "sales_tickets");

            migrationBuilder.DropTable(
                name: "sales_products");

            migrationBuilder.DropTable(
                name: "sales_sales");

            migrationBuilder.DropTable(
                name: "sales_events");

            migrationBuilder.DropTable(
                name: "sales_venues");

            migrationBuilder.DropTable(
                name: "sales_organizers");
        }
    }
}
