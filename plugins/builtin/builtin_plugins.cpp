#include "builtin_plugins.h"

#include "aider_agent.h"
#include "claude_code_agent.h"
#include "clone_workspace.h"
#include "codex_agent.h"
#include "custom_agent.h"
#include "discord_notifier.h"
#include "emulator_terminal.h"
#include "github_scm.h"
#include "github_tracker.h"
#include "linear_tracker.h"
#include "local_scm.h"
#include "local_tracker.h"
#include "ntfy_notifier.h"
#include "opencode_agent.h"
#include "plugin/plugin_registry.h"
#include "process_runtime.h"
#include "slack_notifier.h"
#include "tmux_runtime.h"
#include "webhook_notifier.h"
#include "worktree_workspace.h"

using namespace Qt::StringLiterals;

namespace flotilla {

Result<void> registerBuiltinPlugins(PluginRegistry &registry)
{
    // Each built-in, by slot and the name the configuration uses for it.
    const QList<Result<void>> added = {
        registry.add<RuntimePlugin, TmuxRuntime>(u"tmux"_s,
                                                 u"each agent in its own tmux session on Flotilla's own tmux server"_s),
        registry.add<RuntimePlugin, ProcessRuntime>(u"process"_s,
                                                    u"each session a plain child process (all platforms, no tmux)"_s),
        registry.add<WorkspacePlugin, WorktreeWorkspace>(u"worktree"_s, u"a git worktree per session (libgit2)"_s),
        registry.add<WorkspacePlugin, CloneWorkspace>(u"clone"_s,
                                                      u"a clone per session sharing the main checkout's objects"_s),
        registry.add<AgentPlugin, ClaudeCodeAgent>(u"claude-code"_s, u"Anthropic's Claude Code CLI"_s),
        registry.add<AgentPlugin, CodexAgent>(u"codex"_s, u"OpenAI's Codex CLI"_s),
        registry.add<AgentPlugin, AiderAgent>(u"aider"_s, u"Aider"_s),
        registry.add<AgentPlugin, OpenCodeAgent>(u"opencode"_s, u"OpenCode"_s),
        registry.add<AgentPlugin, CustomAgent>(u"custom"_s, u"any agent CLI, from a command template"_s),
        registry.add<TrackerPlugin, GithubTracker>(u"github"_s, u"issues of a GitHub repository"_s),
        registry.add<TrackerPlugin, LinearTracker>(u"linear"_s, u"issues in Linear"_s),
        registry.add<TrackerPlugin, LocalTracker>(u"local"_s, u"issues as Markdown files in the project"_s),
        registry.add<ScmPlugin, GithubScm>(u"github"_s,
                                           u"pull requests, CI and reviews on GitHub or GitHub Enterprise Server"_s),
        registry.add<ScmPlugin, LocalScm>(u"local"_s,
                                          u"pull requests of a plain git origin, with local CI and review"_s),
        registry.add<NotifierPlugin, SlackNotifier>(u"slack"_s, u"Slack, through an incoming webhook (Block Kit)"_s),
        registry.add<NotifierPlugin, DiscordNotifier>(u"discord"_s, u"Discord, through a webhook (embeds)"_s),
        registry.add<NotifierPlugin, WebhookNotifier>(u"webhook"_s,
                                                      u"any HTTP endpoint: versioned JSON, optionally signed"_s),
        registry.add<NotifierPlugin, NtfyNotifier>(u"ntfy"_s, u"ntfy push messages to a topic"_s),
        registry.add<TerminalPlugin, EmulatorTerminal>(
            u"emulator"_s, u"the person's own terminal emulator, attached to the session"_s),
    };
    for (const Result<void> &result : added) {
        if (!result)
            return result.error();
    }
    return {};
}

} // namespace flotilla
