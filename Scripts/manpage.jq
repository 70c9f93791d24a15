# The man page, from the argument parser's own description of the program:
#   cabildo --experimental-dump-help | jq -r --arg date YYYY-MM-DD --arg version V -f Scripts/manpage.jq
# Every command, option and help text comes from swift-argument-parser's
# ToolInfo JSON, so the page cannot drift from `cabildo --help`.

# Text for roff: backslashes and hyphens escaped, no line taken for a request.
def roff: split("\n") | map(gsub("\\\\"; "\\e") | gsub("-"; "\\-") | sub("^(?<c>[.'])"; "\\&\(.c)")) | join("\n");

def name: if .kind == "long" then "--" + .name elif .kind == "short" then "-" + .name else "-" + .name end;

def synopsis:
  if .kind == "positional" then "<" + .valueName + ">"
  else ([.names[] | name] | join(", ")) + (if .kind == "option" then " <" + .valueName + ">" else "" end)
  end;

def argument:
  ".TP\n\\fB" + (synopsis | roff) + "\\fR\n" + ((.abstract // "") | roff)
  + (if .defaultValue and .kind == "option" then " (default: " + (.defaultValue | roff) + ")" else "" end)
  + (if .discussion then "\n" + (.discussion | roff) else "" end);

# Options of a command; --help and --version are said once, for the program.
def arguments($all):
  [.arguments[]? | select(.shouldDisplay and ($all or (.preferredName.name | IN("help", "version") | not))) | argument]
  | join("\n");

def command($path):
  ($path + [.commandName]) as $words
  | ".SS \\fB" + ($words | join(" ") | roff) + "\\fR"
    + ([.arguments[]? | select(.shouldDisplay and .kind == "positional") | " <" + .valueName + ">"] | join("") | roff)
    + "\n" + ((.abstract // "") | roff)
    + (if .discussion then "\n.PP\n" + (.discussion | roff) else "" end)
    + (arguments(false) | if . == "" then "" else "\n" + . end)
    + "\n" + ([.subcommands[]? | select(.shouldDisplay) | command($words)] | join(""));

.command as $c
| ".TH CABILDO 1 \"\($date)\" \"cabildo \($version)\" \"Cabildo\"\n"
  + ".SH NAME\ncabildo \\- " + ($c.abstract | roff) + "\n"
  + ".SH SYNOPSIS\n.B cabildo\n[\\fIcommand\\fR] [\\fIoptions\\fR]\n"
  + ".SH DESCRIPTION\n" + ($c.abstract | roff) + "\n"
  + "Without a command, \\fBcabildo\\fR runs \\fB" + ($c.defaultSubcommand // "open" | roff) + "\\fR.\n"
  + "Messages follow \\fBLANG\\fR (Spanish or English) or \\fB\\-\\-lang\\fR.\n"
  + ".SH OPTIONS\n" + ($c | arguments(true)) + "\n"
  + ".SH COMMANDS\n" + ([$c.subcommands[]? | select(.shouldDisplay) | command(["cabildo"])] | join(""))
  + ".SH EXIT STATUS\n" + ($c.discussion // "" | roff) + "\n"
  + ".SH ENVIRONMENT\n"
  + ".TP\n.B CABILDO_DATABASE\nThe database file when \\fB\\-\\-database\\fR is not given.\n"
  + ".TP\n.B XDG_DATA_HOME\nThe default database is \\fB$XDG_DATA_HOME/cabildo/cabildo.sqlite\\fR (~/.local/share/cabildo/cabildo.sqlite).\n"
  + ".TP\n.B CABILDO_RESOURCES\nWhere \\fBData/\\fR and \\fBThemes/\\fR are, when not in \\fB../share/cabildo\\fR beside the program.\n"
  + ".TP\n.B LANG\nThe language of messages: es or en.\n"
  + ".SH FILES\n"
  + ".TP\n.B ../share/cabildo/Data, ../share/cabildo/Themes\nThe seed data, translations, privacy notice and colour themes, beside the installed program.\n"
  + ".TP\n.B ~/.config/cabildo/keys\nKey bindings of the full\\-screen application.\n"
