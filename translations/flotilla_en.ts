<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>flotilla::DesktopShell</name>
    <message numerus="yes">
        <source>Started %n agent(s)</source>
        <translation>
            <numerusform>Started %n agent</numerusform>
            <numerusform>Started %n agents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::DiffView</name>
    <message numerus="yes">
        <source>%n file(s) changed against %1, +%2 −%3</source>
        <translation>
            <numerusform>%n file changed against %1, +%2 −%3</numerusform>
            <numerusform>%n files changed against %1, +%2 −%3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::ReviewsPanel</name>
    <message numerus="yes">
        <source>Pull request #%1: %2, %n open comment(s).</source>
        <translation>
            <numerusform>Pull request #%1: %2, %n open comment.</numerusform>
            <numerusform>Pull request #%1: %2, %n open comments.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::SpawnDialog</name>
    <message numerus="yes">
        <source>%n open issue(s)</source>
        <translation>
            <numerusform>%n open issue</numerusform>
            <numerusform>%n open issues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Spawn %n agent(s)</source>
        <translation>
            <numerusform>Spawn %n agent</numerusform>
            <numerusform>Spawn %n agents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::TrayIcon</name>
    <message numerus="yes">
        <source>Flotilla — %n session(s) need you</source>
        <translation>
            <numerusform>Flotilla — %n session needs you</numerusform>
            <numerusform>Flotilla — %n sessions need you</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more in the window</source>
        <translation>
            <numerusform>… and %n more in the window</numerusform>
            <numerusform>… and %n more in the window</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::VerifyDialog</name>
    <message numerus="yes">
        <source>%n issue(s) wait for verification.</source>
        <translation>
            <numerusform>%n issue waits for verification.</numerusform>
            <numerusform>%n issues wait for verification.</numerusform>
        </translation>
    </message>
</context>
</TS>
