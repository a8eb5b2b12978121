<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>Autostart</name>
    <message numerus="yes">
        <location filename="../../ui/desktop/autostart.cpp" line="+446"/>
        <source>the desktop did not answer within %n second(s); the request was withdrawn</source>
        <translation>
            <numerusform>the desktop did not answer within %n second; the request was withdrawn</numerusform>
            <numerusform>the desktop did not answer within %n seconds; the request was withdrawn</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::AddTasksDialog</name>
    <message numerus="yes">
        <location filename="../../ui/board/addtasksdialog.cpp" line="+358"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n already tracked</source>
        <translation>
            <numerusform>%n already tracked</numerusform>
            <numerusform>%n already tracked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n invalid</source>
        <translation>
            <numerusform>%n invalid</numerusform>
            <numerusform>%n invalid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Add %n tasks</source>
        <translation>
            <numerusform>Add %n task</numerusform>
            <numerusform>Add %n tasks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::BoardEmptyState</name>
    <message numerus="yes">
        <location filename="../../ui/board/boardemptystate.cpp" line="+112"/>
        <source>%n task(s) on the board under All.</source>
        <translation>
            <numerusform>%n task on the board under All.</numerusform>
            <numerusform>%n tasks on the board under All.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n archived task(s), shown by the Archived filter.</source>
        <translation>
            <numerusform>%n archived task, shown by the Archived filter.</numerusform>
            <numerusform>%n archived tasks, shown by the Archived filter.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::DesktopIntegration</name>
    <message numerus="yes">
        <location filename="../../ui/desktop/desktopintegration.cpp" line="+352"/>
        <source>%n renders finished</source>
        <translation>
            <numerusform>%n render finished</numerusform>
            <numerusform>%n renders finished</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n renders started</source>
        <translation>
            <numerusform>%n render started</numerusform>
            <numerusform>%n renders started</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n succeeded</source>
        <translation>
            <numerusform>%n succeeded</numerusform>
            <numerusform>%n succeeded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n started</source>
        <translation>
            <numerusform>%n started</numerusform>
            <numerusform>%n started</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/shell/mainwindow.cpp" line="+885"/>
        <source>Added %n task(s); archived ones could not be moved back to the board: %1</source>
        <translation>
            <numerusform>Added %n task; archived ones could not be moved back to the board: %1</numerusform>
            <numerusform>Added %n tasks; archived ones could not be moved back to the board: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Added %n task(s).</source>
        <translation>
            <numerusform>Added %n task.</numerusform>
            <numerusform>Added %n tasks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+47"/>
        <source>Refreshing %n task(s)…</source>
        <translation>
            <numerusform>Refreshing %n task…</numerusform>
            <numerusform>Refreshing %n tasks…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>Archived %n task(s).</source>
        <translation>
            <numerusform>Archived %n task.</numerusform>
            <numerusform>Archived %n tasks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Moved %n task(s) back to the board.</source>
        <translation>
            <numerusform>Moved %n task back to the board.</numerusform>
            <numerusform>Moved %n tasks back to the board.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Removed %n task(s).</source>
        <translation>
            <numerusform>Removed %n task.</numerusform>
            <numerusform>Removed %n tasks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Restored %n task(s).</source>
        <translation>
            <numerusform>Restored %n task.</numerusform>
            <numerusform>Restored %n tasks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Downloading %n video(s) to %1…</source>
        <translation>
            <numerusform>Downloading %n video to %1…</numerusform>
            <numerusform>Downloading %n videos to %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+290"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-17"/>
        <source>Next poll in %n s</source>
        <translation>
            <numerusform>Next poll in %n s</numerusform>
            <numerusform>Next poll in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-363"/>
        <source>The server is rate limiting: %n task(s) will be asked in %1</source>
        <translation>
            <numerusform>The server is rate limiting: %n task will be asked in %1</numerusform>
            <numerusform>The server is rate limiting: %n tasks will be asked in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n task(s) not polled: %1</source>
        <translation>
            <numerusform>%n task not polled: %1</numerusform>
            <numerusform>%n tasks not polled: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n finished task(s) keep their final status</source>
        <translation>
            <numerusform>%n finished task keeps its final status</numerusform>
            <numerusform>%n finished tasks keep their final status</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+354"/>
        <source>Each task checked about every %1 (%2 requests/s for %n task(s))</source>
        <translation>
            <numerusform>Each task checked about every %1 (%2 requests/s for %n task)</numerusform>
            <numerusform>Each task checked about every %1 (%2 requests/s for %n tasks)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+58"/>
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform>
            <numerusform>%n active</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::ProfilesPage</name>
    <message numerus="yes">
        <location filename="../../ui/settings/profilespage.cpp" line="+326"/>
        <source>Remove the profile “%1”? Its %n task(s) and its stored key are deleted when you apply the changes.</source>
        <translation>
            <numerusform>Remove the profile “%1”? Its %n task and its stored key are deleted when you apply the changes.</numerusform>
            <numerusform>Remove the profile “%1”? Its %n tasks and its stored key are deleted when you apply the changes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::TaskDetailsPane</name>
    <message numerus="yes">
        <location filename="../../ui/details/taskdetailspane.cpp" line="+352"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+100"/>
        <source>%n render(s) ahead</source>
        <translation>
            <numerusform>%n render ahead</numerusform>
            <numerusform>%n renders ahead</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::TaskGroupProxy</name>
    <message numerus="yes">
        <location filename="../../ui/board/groupheaderpainter.cpp" line="+74"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/board/taskgroupproxy.cpp" line="+553"/>
        <source>%1, %n task(s), collapsed</source>
        <translation>
            <numerusform>%1, %n task, collapsed</numerusform>
            <numerusform>%1, %n tasks, collapsed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%1, %n task(s)</source>
        <translation>
            <numerusform>%1, %n task</numerusform>
            <numerusform>%1, %n tasks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::TaskTableModel</name>
    <message numerus="yes">
        <location filename="../../ui/board/tasktablemodel.cpp" line="+581"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>about %n h left</source>
        <translation>
            <numerusform>about %n h left</numerusform>
            <numerusform>about %n h left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reelwatch::TrayIcon</name>
    <message numerus="yes">
        <location filename="../../ui/desktop/trayicon.cpp" line="+192"/>
        <source>%n new failure(s)</source>
        <translation>
            <numerusform>%n new failure</numerusform>
            <numerusform>%n new failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n new result(s)</source>
        <translation>
            <numerusform>%n new result</numerusform>
            <numerusform>%n new results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n rendering</source>
        <translation>
            <numerusform>%n rendering</numerusform>
            <numerusform>%n rendering</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskCopy</name>
    <message numerus="yes">
        <location filename="../../app/core/taskcopy.cpp" line="+454"/>
        <source>Copied %n task IDs.</source>
        <translation>
            <numerusform>Copied %n task ID.</numerusform>
            <numerusform>Copied %n task IDs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Copied %n result links.</source>
        <translation>
            <numerusform>Copied %n result link.</numerusform>
            <numerusform>Copied %n result links.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Copied the JSON of %n tasks, one per line.</source>
        <translation>
            <numerusform>Copied the JSON of %n task, one per line.</numerusform>
            <numerusform>Copied the JSON of %n tasks, one per line.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Copied %n curl commands.</source>
        <translation>
            <numerusform>Copied %n curl command.</numerusform>
            <numerusform>Copied %n curl commands.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Copied %n prompts, one per line.</source>
        <translation>
            <numerusform>Copied %n prompt, one per line.</numerusform>
            <numerusform>Copied %n prompts, one per line.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Copied %n download commands.</source>
        <translation>
            <numerusform>Copied %n download command.</numerusform>
            <numerusform>Copied %n download commands.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n of %1 tasks have no known server.</source>
        <translation>
            <numerusform>%n of %1 tasks has no known server.</numerusform>
            <numerusform>%n of %1 tasks have no known server.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n of %1 tasks have no result yet.</source>
        <translation>
            <numerusform>%n of %1 tasks has no result yet.</numerusform>
            <numerusform>%n of %1 tasks have no result yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n of %1 tasks have no link for a browser (the video needs the key).</source>
        <translation>
            <numerusform>%n of %1 tasks has no link for a browser (the video needs the key).</numerusform>
            <numerusform>%n of %1 tasks have no link for a browser (the video needs the key).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n of %1 tasks have no video to download yet.</source>
        <translation>
            <numerusform>%n of %1 tasks has no video to download yet.</numerusform>
            <numerusform>%n of %1 tasks have no video to download yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n of %1 tasks have no JSON yet.</source>
        <translation>
            <numerusform>%n of %1 tasks has no JSON yet.</numerusform>
            <numerusform>%n of %1 tasks have no JSON yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n of %1 tasks have no prompt.</source>
        <translation>
            <numerusform>%n of %1 tasks has no prompt.</numerusform>
            <numerusform>%n of %1 tasks have no prompt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskFreshness</name>
    <message numerus="yes">
        <location filename="../../app/core/taskfreshness.cpp" line="+23"/>
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
</TS>
