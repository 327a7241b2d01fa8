//! 所有简体中文字符串，按键排列；与 `en.rs` 的键相同、顺序相同。
//!
//! Protocol labels (PREPARE, READY, COMMIT, `decision-timeout`, ...) stay as they are; the
//! sentences around them are translated. Terms follow Chinese textbooks: 两阶段提交, 三阶段提交,
//! 协调者, 参与者, 投票, 预提交, 阻塞, 网络分区, 幂等, 至少一次投递, 消息队列.

pub(super) const TABLE: &[(&str, &str)] = &[
    // 应用
    ("app.title", "TxScope"),
    ("app.tagline", "观察分布式事务，也亲手把它搞坏"),
    ("app.language", "语言"),
    // 播放与编辑
    ("control.play", "播放"),
    ("control.pause", "暂停"),
    ("control.step_forward", "前进一步"),
    ("control.step_back", "后退一步"),
    ("control.restart", "回到开头"),
    ("control.to_end", "跳到结尾"),
    ("control.speed", "速度"),
    ("control.seek", "事件"),
    ("control.presets", "预设场景"),
    ("control.scenario", "场景"),
    ("control.edit_scenario", "编辑场景"),
    ("control.apply", "应用"),
    ("control.inject", "在此注入故障"),
    ("control.undo_fault", "撤销上一个故障"),
    ("control.share", "分享"),
    ("control.copy_link", "复制链接"),
    ("control.link_copied", "链接已复制"),
    ("control.embed", "嵌入"),
    ("control.export", "导出运行"),
    ("control.import", "导入运行"),
    ("control.close", "关闭"),
    ("control.lessons", "课程"),
    ("control.filter_node", "只看此节点的事件"),
    ("control.all_nodes", "所有节点"),
    // 故障
    ("fault.drop", "丢弃一条消息"),
    ("fault.duplicate", "复制一条消息"),
    ("fault.delay", "延迟一条消息"),
    ("fault.crash", "让节点崩溃"),
    ("fault.recover", "让节点恢复"),
    ("fault.partition", "制造网络分区"),
    ("fault.heal", "消除网络分区"),
    ("fault.drop_rate", "修改丢包率"),
    ("fault.field.node", "节点"),
    ("fault.field.msg", "消息"),
    ("fault.field.by_ms", "延迟（毫秒）"),
    ("fault.field.groups", "分区各侧"),
    ("fault.field.rate", "丢包率（0 到 1）"),
    // 面板
    ("panel.topology", "网络"),
    ("panel.sequence", "时序图"),
    ("panel.log", "事件日志"),
    ("panel.inspector", "状态机"),
    ("panel.status", "状态"),
    ("panel.lesson", "课程"),
    // 状态
    ("status.time", "{ms} 毫秒"),
    ("status.event", "第 {index} 个事件，共 {total} 个"),
    ("status.up", "运行中"),
    ("status.down", "已崩溃"),
    ("status.blocked", "阻塞"),
    ("status.in_doubt", "不确定"),
    ("status.undecided", "尚未决定"),
    ("status.decided", "已决定：{decision}"),
    ("status.terminated", "所有节点都已作出决定。"),
    ("status.quiet", "之后不会再发生任何事。"),
    ("status.running", "运行中"),
    ("status.nobody_blocked", "没有节点被阻塞。"),
    ("status.who_blocked", "被阻塞：{nodes}"),
    ("status.no_violations", "所有不变式都成立。"),
    ("status.violation", "第 {event} 个事件违反了{invariant}（{node}）"),
    ("status.log", "日志"),
    ("status.timers", "计时器"),
    ("status.queue", "队列"),
    ("status.state", "状态"),
    ("status.in_queue", "在 {node} 的队列中等待"),
    ("status.unacked", "已取走，尚未确认"),
    ("status.in_flight", "传输中"),
    // 应用界面（src/web）的标签
    ("ui.dismiss", "关闭提示"),
    ("ui.busy", "处理中…"),
    ("ui.subtitle", "{title} · {n} 个参与者 · {transport}"),
    ("ui.transport.queue", "消息队列"),
    ("ui.transport.lossy", "有损网络"),
    ("ui.hand_made.one", "{n} 个手动注入的故障"),
    ("ui.hand_made.many", "{n} 个手动注入的故障"),
    ("ui.hint", "点击一条消息，可以丢弃、复制或延迟它；点击一个节点，可以让它崩溃或恢复。"),
    ("ui.end_of_run", "运行结束。"),
    ("ui.press_help", "按 ? 查看快捷键。"),
    ("ui.speed_value", "{ms} 毫秒/秒"),
    ("ui.speed_help", "虚拟时间流速：{speed}"),
    ("ui.playback", "播放控制"),
    ("ui.step", "单步 ▶"),
    ("ui.reset_help", "回到开头，并移除手动注入的故障"),
    ("ui.split_help", "把选中的节点与其余节点隔开"),
    ("ui.split", "✂ 分区（已选 {n} 个）"),
    ("ui.timeline", "时间线"),
    ("ui.position", "运行中的位置（已发生的事件数）"),
    ("ui.position_value", "共 {total} 个事件，已发生 {cursor} 个，{ms} 毫秒"),
    ("ui.position_short", "事件 {cursor} / {total} · t = {ms} 毫秒"),
    ("ui.event_announce", "第 {index} 个事件（共 {total} 个），{ms} 毫秒：{text}"),
    ("ui.run_start", "运行开始，共 {total} 个事件"),
    ("ui.running", "运行中：{total} 个节点中已有 {decided} 个作出决定"),
    ("ui.all_committed", "所有节点都已提交"),
    ("ui.all_aborted", "所有节点都已中止"),
    ("ui.nothing_happened", "什么也没发生：这个故障在此处不起作用"),
    ("ui.pick_first", "请先选出要隔开的节点（点击节点，再点“选入分区”）"),
    ("ui.node", "节点"),
    ("ui.hide_broker", "隐藏消息代理的记账事件"),
    ("ui.earlier", "… 之前还有 {n} 个"),
    ("ui.later", "… 之后还有 {n} 个"),
    ("ui.jump_to_event", "跳到事件"),
    ("ui.jump_to", "跳到第 {index} 个事件"),
    ("ui.broke_invariant", "第 {index} 个事件破坏了不变式"),
    ("ui.inspect", "查看 {node}"),
    ("ui.help_title", "TxScope 使用说明"),
    ("ui.key.step", "前进 / 后退一个事件"),
    ("ui.key.ends", "跳到运行的开头 / 结尾"),
    ("ui.key.help", "显示本帮助"),
    ("ui.key.close", "关闭菜单和本帮助"),
    ("ui.invalid_value", "{field}：{value} 不是有效的值"),
    ("ui.votes_toggle", "{node} 投 {vote}，点击切换"),
    ("ui.preset", "预设场景"),
    ("ui.protocol", "协议"),
    ("ui.participants", "参与者数量"),
    ("ui.votes", "投票"),
    ("ui.transport", "传输方式"),
    ("ui.latency_min", "最小延迟（毫秒）"),
    ("ui.latency_max", "最大延迟（毫秒）"),
    ("ui.timeout.coordinator", "超时：协调者（毫秒）"),
    ("ui.timeout.participant", "超时：参与者（毫秒）"),
    ("ui.timeout.retry", "超时：重试（毫秒）"),
    ("ui.loss_rate", "丢包率（0–1）"),
    ("ui.seed", "随机种子"),
    ("ui.scenario_json", "场景 JSON（编辑或粘贴后，离开输入框即生效）"),
    ("ui.not_applied", "未应用：{error}"),
    ("ui.not_loaded", "未加载：{error}"),
    ("ui.unknown_protocol", "未知协议"),
    ("ui.last_taken", "（最近一次）"),
    ("ui.last_transition", "最近一次状态转换：第 {index} 个事件，{from} → {to}"),
    ("ui.no_transition", "尚未发生状态转换"),
    ("ui.node_to_inspect", "要查看的节点"),
    ("ui.machine_desc", "{role}的状态机，当前状态 {state}。{last}"),
    ("ui.log_stable", "日志（稳定存储）"),
    ("ui.timers_armed", "已启动的计时器"),
    ("ui.memory", "内存（崩溃时丢失）"),
    ("ui.broker", "消息代理：每个节点一个队列"),
    ("ui.topology_desc", "拓扑：节点、消息代理与消息"),
    ("ui.lossy_desc", "有损网络：消息直接发往接收方"),
    ("ui.sequence_desc", "时空图：每个节点一条泳道，每条消息一个箭头"),
    ("ui.events_range", "第 {from}–{to} 个事件，共 {total} 个"),
    ("ui.msg_hint", "{msg}。点击可以丢弃、复制或延迟它。"),
    ("ui.node_hint", "{node}。点击查看可执行的操作。"),
    ("ui.actions_on", "对 {what} 的操作"),
    ("ui.drop_it", "丢弃"),
    ("ui.duplicate_it", "复制"),
    ("ui.delay_100ms", "延迟 100 毫秒"),
    ("ui.delay_1s", "延迟 1 秒"),
    ("ui.crash_node", "让 {node} 崩溃"),
    ("ui.recover_node", "让 {node} 恢复"),
    ("ui.pick", "选入分区"),
    ("ui.unpick", "取消选择（分区）"),
    // 术语
    ("protocol.2pc", "两阶段提交"),
    ("protocol.3pc", "三阶段提交"),
    ("transport.queue", "消息队列（至少一次投递）"),
    ("transport.lossy", "有损网络（至多一次投递）"),
    ("role.coordinator", "协调者"),
    ("role.participant", "参与者"),
    ("role.broker", "消息代理"),
    ("role.producer", "生产者"),
    ("role.consumer", "消费者"),
    ("role.relay", "中继"),
    ("decision.commit", "提交"),
    ("decision.abort", "中止"),
    ("invariant.agreement", "一致性"),
    ("invariant.irrevocability", "不可撤销性"),
    ("invariant.validity", "有效性"),
    ("invariant.durability", "持久性"),
    // 事件日志：每种事件一句
    ("event.begin", "客户端在所有节点上开始事务"),
    ("event.send", "{node} 向 {peer} 发送 {label}（{id}）"),
    ("event.enqueue", "消息代理把 {id} 放入 {node} 的队列"),
    ("event.deliver", "{node} 收到 {peer} 发来的 {label}（{id}）"),
    (
        "event.deliver.again",
        "{node} 再次收到 {peer} 发来的 {label}（重新投递，{id}）",
    ),
    ("event.ack", "{node} 确认了 {id}，该消息离开队列"),
    ("event.requeue", "{id} 未被确认，回到 {node} 的队列"),
    ("event.drop.lost", "{id} 在网络中丢失"),
    ("event.drop.dropped", "{id} 被丢弃"),
    ("event.drop.receiver_down", "{id} 到达一个已崩溃的节点，随之丢失"),
    ("event.drop.partitioned", "{id} 无法穿越网络分区，随之丢失"),
    ("event.duplicate", "{id} 被复制出一份 {copy}"),
    ("event.delay", "{id} 被延迟 {ms} 毫秒"),
    ("event.timer", "{node} 的 {label} 计时器到期"),
    ("event.persist", "{node} 把 {label} 强制写入日志"),
    ("event.become", "{node} 从 {from} 进入 {label}"),
    ("event.crash", "{node} 崩溃"),
    ("event.recover", "{node} 恢复，并读取自己的日志"),
    ("event.partition", "网络分裂为 {groups}"),
    ("event.heal", "网络分区消除"),
    ("event.drop_rate", "丢包率变为 {percent}%"),
    // 课程框架
    ("lesson.ui.list", "课程"),
    ("lesson.ui.start", "开始"),
    ("lesson.ui.resume", "继续学习"),
    ("lesson.ui.step", "第 {n} 步，共 {total} 步"),
    ("lesson.ui.next", "下一步"),
    ("lesson.ui.previous", "上一步"),
    ("lesson.ui.predict", "预测一下"),
    ("lesson.ui.answer", "回答"),
    ("lesson.ui.watch", "继续运行，看看会发生什么"),
    ("lesson.ui.right", "答对了。"),
    ("lesson.ui.wrong", "不太对。"),
    ("lesson.ui.score", "{total} 次预测中答对 {right} 次"),
    ("lesson.ui.done", "本课完成"),
    ("lesson.ui.leave", "退出课程"),
    // 错误
    ("error.scenario", "{field}：{reason}"),
    ("error.lesson.unknown", "没有名为“{lesson}”的课程。"),
    ("error.lesson.scenario", "课程“{lesson}”的场景无效：{error}"),
    (
        "error.lesson.anchor",
        "课程“{lesson}”的步骤“{step}”：它对应的事件没有在运行中出现。",
    ),
    (
        "error.lesson.answer",
        "课程“{lesson}”的步骤“{step}”：答案与实际运行不符。",
    ),
    ("error.share.empty", "链接中没有任何运行数据。"),
    ("error.share.too_long", "链接太长（{len} 个字符，最多 {max} 个）。"),
    ("error.share.unknown_param", "链接中有无法识别的部分“{name}”。"),
    ("error.share.duplicate_param", "链接中“{name}”出现了两次。"),
    ("error.share.missing_payload", "链接中缺少“v1=”部分。"),
    (
        "error.share.version",
        "这个链接由更新版本的 TxScope 生成（格式 {version}），当前版本只能读取 v1。",
    ),
    (
        "error.share.base64",
        "链接已损坏：数据中的第 {position} 个字符无效。",
    ),
    ("error.share.checksum", "链接已损坏或被改动过：校验和不匹配。"),
    ("error.share.json", "链接数据在 {field} 处有误：{reason}"),
    ("error.share.value", "“{param}”的值无效：{value}"),
    ("error.share.scenario", "链接中的场景无效：{error}"),
    (
        "error.share.lesson",
        "链接提到的课程在当前版本中不存在：“{lesson}”。",
    ),
    (
        "error.share.step",
        "链接中的第 {step} 步超出了课程“{lesson}”的范围（共 {steps} 步）。",
    ),
    ("error.export.json", "文件不是有效的 JSON：{reason}"),
    (
        "error.export.format",
        "这不是 TxScope 的运行文件（其格式为 {found}）。",
    ),
    (
        "error.export.version",
        "这个运行文件的版本是 {found}，当前 TxScope 只能读取版本 1。",
    ),
    ("error.export.field", "运行文件在 {field} 处有误：{reason}"),
    ("error.export.scenario", "运行文件中的场景无效：{error}"),
    (
        "error.export.length",
        "运行文件列出了 {file} 个事件，但重新运行其场景得到 {rerun} 个：轨迹被改动过，或由另一个模拟器生成。",
    ),
    (
        "error.export.mismatch",
        "第 {index} 个事件不一致（{field}：文件中是 {file}，重新运行得到 {rerun}）：轨迹被改动过，或由另一个模拟器生成。",
    ),
    (
        "error.export.too_large",
        "运行文件太大（{len} 字节，最多 {max} 字节）。",
    ),
    ("error.progress", "无法读取已保存的学习进度，将从头开始。"),
    // 预设场景
    ("preset.2pc-happy.title", "两阶段提交：一切顺利"),
    (
        "preset.2pc-happy.description",
        "三个参与者的两阶段提交，全部投 YES，没有任何故障：所有节点都提交。",
    ),
    ("preset.2pc-vote-no.title", "两阶段提交：有人投 NO"),
    (
        "preset.2pc-vote-no.description",
        "P2 投 NO。一票 NO 就足够了：协调者中止，所有节点都中止。",
    ),
    ("preset.2pc-lost-prepare.title", "两阶段提交：PREPARE 丢失"),
    (
        "preset.2pc-lost-prepare.description",
        "发给 P2 的 PREPARE 丢失了。协调者在 WAIT 状态超时并中止；P2 在自己超时之前就收到了 ABORT；所有节点都中止。",
    ),
    (
        "preset.2pc-coordinator-crash-in-doubt.title",
        "两阶段提交：协调者在决定前崩溃",
    ),
    (
        "preset.2pc-coordinator-crash-in-doubt.description",
        "协调者在收到最后一票之后、作出决定之前崩溃。每个参与者都处于 READY：不确定结果，向其他参与者询问，并一直阻塞到协调者恢复。协调者的日志里没有决定，于是它恢复后中止。",
    ),
    (
        "preset.2pc-coordinator-crash-after-decision.title",
        "两阶段提交：协调者在决定后崩溃",
    ),
    (
        "preset.2pc-coordinator-crash-after-decision.description",
        "协调者把 COMMIT 强制写入日志，还没来得及发送就崩溃了。参与者在 READY 状态中阻塞等待。协调者恢复后在日志中读到 COMMIT，重新发送：所有节点都提交。",
    ),
    (
        "preset.2pc-participant-crash-recovery.title",
        "两阶段提交：参与者崩溃后恢复",
    ),
    (
        "preset.2pc-participant-crash-recovery.description",
        "P2 把 READY 强制写入日志，在 YES 发出之前崩溃。协调者超时并中止。P2 恢复后发现日志中只有 READY、没有决定，于是处于不确定状态，向其他节点询问，得知结果是 ABORT。",
    ),
    (
        "preset.2pc-cooperative-termination.title",
        "两阶段提交：协作终止",
    ),
    (
        "preset.2pc-cooperative-termination.description",
        "协调者把 COMMIT 发给 P1 后就崩溃了，没有发给其他人。P2 和 P3 在 READY 状态超时，向其他参与者询问；P1 告诉它们 COMMIT，于是它们不必等协调者就提交了。协调者稍后恢复，完成收尾。",
    ),
    ("preset.3pc-happy.title", "三阶段提交：一切顺利"),
    (
        "preset.3pc-happy.description",
        "三个参与者的三阶段提交，没有故障：投票、PRECOMMIT 及其确认，然后所有节点 COMMIT。",
    ),
    ("preset.3pc-coordinator-crash.title", "三阶段提交：协调者崩溃"),
    (
        "preset.3pc-coordinator-crash.description",
        "协调者把 PRECOMMIT 发给 P1 后崩溃。参与者超时后选出 P1（编号最小者）作为新的协调者；它发现有人处于 PRECOMMIT，于是把 PRECOMMIT 发给其他人，然后提交。没有节点被阻塞。",
    ),
    (
        "preset.3pc-partition-violation.title",
        "三阶段提交：网络分区破坏一致性",
    ),
    (
        "preset.3pc-partition-violation.description",
        "全部投 YES；PRECOMMIT 只送达了 P1，网络随即分裂为 {C, P1} | {P2, P3}。C 和 P1 继续走到 COMMIT；P2 和 P3 都处于 READY，在它们之间运行终止协议并 ABORT。一致性被破坏：三阶段提交在网络分区下并不安全。",
    ),
    (
        "preset.mq-redelivery-duplicate.title",
        "消息队列：重新投递与重复消息",
    ),
    (
        "preset.mq-redelivery-duplicate.description",
        "P1 从队列中取出 PREPARE，投了 YES，在确认之前崩溃。消息代理把 PREPARE 放回队列；P1 恢复后再次收到它，又回答了一次 YES。协调者忽略这张重复的选票（它的处理是幂等的），所有节点都提交。",
    ),
    // 课程：两阶段提交基础
    ("lesson.2pc-basics.title", "两阶段提交：基础"),
    (
        "lesson.2pc-basics.summary",
        "协调者先请每个参与者投票，再把唯一的结果告诉所有人。来看一个一切顺利的事务。",
    ),
    (
        "lesson.2pc-basics.begin.text",
        "客户端在协调者 C 和三个参与者 P1 到 P3 上开始一个事务。两阶段提交让它们就唯一的结果达成一致：要么全部提交，要么全部中止。",
    ),
    (
        "lesson.2pc-basics.prepare.text",
        "第一阶段：投票。C 进入 WAIT，向每个参与者发送 PREPARE，也就是投票请求。",
    ),
    (
        "lesson.2pc-basics.ready.text",
        "PREPARE 到达 P1，它能够提交自己负责的那部分工作。",
    ),
    (
        "lesson.2pc-basics.ready.q",
        "P1 准备投 YES。它首先做什么？",
    ),
    (
        "lesson.2pc-basics.ready.yes-first",
        "立即发送 YES，写日志可以晚点再说",
    ),
    (
        "lesson.2pc-basics.ready.log-first",
        "先把 READY 强制写入日志，再发送 YES",
    ),
    ("lesson.2pc-basics.ready.commit", "马上提交"),
    (
        "lesson.2pc-basics.ready.why",
        "参与者在发送 YES 之前，先把 READY 写入稳定存储。投出 YES 就意味着 P1 承诺：只要被告知提交就一定提交。崩溃不能让它忘掉这个承诺。",
    ),
    (
        "lesson.2pc-basics.in-doubt.text",
        "P1 投出了 YES，处于 READY。从这里开始它是不确定的（in doubt）：只有等到决定到达，它才会进入 COMMIT 或 ABORT。",
    ),
    (
        "lesson.2pc-basics.decide.text",
        "第三张 YES 到达 C：所有参与者都投了 YES。",
    ),
    ("lesson.2pc-basics.decide.q", "C 现在做什么？"),
    (
        "lesson.2pc-basics.decide.send-first",
        "先向所有人发送 COMMIT，再写入日志",
    ),
    (
        "lesson.2pc-basics.decide.log-first",
        "先把 COMMIT 强制写入日志，再向所有人发送 COMMIT",
    ),
    (
        "lesson.2pc-basics.decide.ask-again",
        "为保险起见，再发一次 PREPARE",
    ),
    (
        "lesson.2pc-basics.decide.why",
        "所有选票都是 YES，所以 C 可以提交；它在发送决定之前先把决定写入日志，这样决定在崩溃后依然存在。",
    ),
    (
        "lesson.2pc-basics.phase2.text",
        "第二阶段：完成。每个参与者收到 COMMIT，把它强制写入日志，从 READY 进入 COMMIT，并回复确认。",
    ),
    (
        "lesson.2pc-basics.end.text",
        "C 会不断重发决定，直到每个参与者都确认为止。所有确认到齐后，它写入 END，可以忘掉这个事务了。所有节点都已提交。",
    ),
    // 课程：一张 NO 票
    ("lesson.2pc-vote-no.title", "一张 NO 票"),
    (
        "lesson.2pc-vote-no.summary",
        "有一个参与者无法提交。看看为什么一张 NO 就能让所有人中止，以及为什么投 NO 的一方从不需要等待。",
    ),
    (
        "lesson.2pc-vote-no.prepare.text",
        "和之前一样，C 向每个参与者发送 PREPARE。这一次 P2 将无法提交。",
    ),
    (
        "lesson.2pc-vote-no.no.text",
        "PREPARE 到达 P2，但它无法提交自己那部分（比如违反了某个约束）。",
    ),
    ("lesson.2pc-vote-no.no.q", "P2 会怎么做？"),
    (
        "lesson.2pc-vote-no.no.abort",
        "把 ABORT 强制写入日志，中止，并投 NO",
    ),
    (
        "lesson.2pc-vote-no.no.ready",
        "和其他人一样进入 READY，等待决定",
    ),
    (
        "lesson.2pc-vote-no.no.silent",
        "什么也不说，让 C 超时",
    ),
    (
        "lesson.2pc-vote-no.no.why",
        "投 NO 的参与者直接从 INIT 进入 ABORT。它已经知道结果了，因为一张 NO 就会让事务中止，所以它从来不会处于不确定状态。",
    ),
    (
        "lesson.2pc-vote-no.one-no.text",
        "P2 的 NO 比其他选票先到达 C。",
    ),
    (
        "lesson.2pc-vote-no.one-no.q",
        "C 只收到一张 NO，其他选票还没到。它会怎么做？",
    ),
    (
        "lesson.2pc-vote-no.one-no.wait",
        "等待剩下的选票",
    ),
    (
        "lesson.2pc-vote-no.one-no.abort-now",
        "立即中止：把 ABORT 强制写入日志并发送 ABORT",
    ),
    (
        "lesson.2pc-vote-no.one-no.majority",
        "如果投 YES 的是多数，就和它们一起提交",
    ),
    (
        "lesson.2pc-vote-no.one-no.why",
        "只要有一张 NO，协调者就中止。没有什么可等的：提交需要所有选票都是 YES。",
    ),
    ("lesson.2pc-vote-no.who.text", "C 已进入 ABORT。"),
    ("lesson.2pc-vote-no.who.q", "C 会把 ABORT 发给谁？"),
    ("lesson.2pc-vote-no.who.everyone", "所有人，包括 P2"),
    (
        "lesson.2pc-vote-no.who.others",
        "只发给 P1 和 P3：P2 在投 NO 时就已经中止了",
    ),
    (
        "lesson.2pc-vote-no.who.nobody",
        "谁也不发：参与者会自己超时",
    ),
    (
        "lesson.2pc-vote-no.who.why",
        "P2 在投 NO 时就自行中止了，所以只有其他参与者需要得知结果。",
    ),
    (
        "lesson.2pc-vote-no.late-yes.text",
        "P1 的 YES 在 C 中止之后才到达。P1 处于 READY：不确定结果，正在等待决定。",
    ),
    (
        "lesson.2pc-vote-no.late-yes.q",
        "C 如何处理这张迟到的 YES？",
    ),
    (
        "lesson.2pc-vote-no.late-yes.change",
        "改变主意，转而提交",
    ),
    (
        "lesson.2pc-vote-no.late-yes.repeat",
        "再向 P1 发送一次 ABORT",
    ),
    ("lesson.2pc-vote-no.late-yes.ignore", "忽略它"),
    (
        "lesson.2pc-vote-no.late-yes.why",
        "决定一旦作出就不会改变。决定之后到达的 YES 来自一个处于 READY、需要得知结果的参与者，所以 C 用 ABORT 回复它。",
    ),
    (
        "lesson.2pc-vote-no.end.text",
        "所有节点都中止了：一张 NO 就足以中止整个事务。",
    ),
    // 课程：消息丢失与超时
    ("lesson.lost-messages.title", "消息丢失与超时"),
    (
        "lesson.lost-messages.summary",
        "消息会丢失，而且没有人会被通知：丢失的消息只是一片沉默。超时把沉默变成始终安全的决定。",
    ),
    (
        "lesson.lost-messages.lost.text",
        "C 向每个参与者发送 PREPARE，但发给 P2 的那条在途中丢失了。没有人会被通知：对 C 和 P2 来说，丢失的消息只是一片沉默。",
    ),
    (
        "lesson.lost-messages.c-timeout.text",
        "P1 和 P3 投了 YES。P2 那边毫无音讯，C 的投票计时器到期了。",
    ),
    ("lesson.lost-messages.c-timeout.q", "C 会怎么做？"),
    (
        "lesson.lost-messages.c-timeout.abort",
        "中止：把 ABORT 强制写入日志，并发给所有人",
    ),
    (
        "lesson.lost-messages.c-timeout.majority",
        "提交：三票中有两票 YES，已是多数",
    ),
    (
        "lesson.lost-messages.c-timeout.retry",
        "再给 P2 发一次 PREPARE，继续等待",
    ),
    (
        "lesson.lost-messages.c-timeout.why",
        "协调者在 WAIT 状态超时就中止。只有所有选票都是 YES 时它才能提交，而一个沉默的参与者可能投了 NO，也可能已经崩溃。",
    ),
    (
        "lesson.lost-messages.lost-again.text",
        "发给 P2 的 ABORT 也丢失了。P2 仍在 INIT：它什么都没有收到。",
    ),
    (
        "lesson.lost-messages.p2-timeout.text",
        "P2 一直没等到投票请求，它自己的计时器到期了。",
    ),
    ("lesson.lost-messages.p2-timeout.q", "P2 可以怎么做？"),
    ("lesson.lost-messages.p2-timeout.abort", "自行中止"),
    (
        "lesson.lost-messages.p2-timeout.wait",
        "什么也不做：只有协调者才能作决定",
    ),
    (
        "lesson.lost-messages.p2-timeout.yes",
        "投 YES，以防其他人都投了 YES",
    ),
    (
        "lesson.lost-messages.p2-timeout.why",
        "等待投票请求超时的参与者会中止。它还没有投票，也就没有作出任何承诺；没有它的 YES，结果不可能是 COMMIT。",
    ),
    (
        "lesson.lost-messages.resend.text",
        "P2 一直没有确认 ABORT，所以 C 再次发送：协调者会不断重发决定，直到每个参与者都确认为止。",
    ),
    (
        "lesson.lost-messages.duplicate.text",
        "重发的 ABORT 到达 P2，而 P2 早已自行中止。",
    ),
    (
        "lesson.lost-messages.duplicate.q",
        "P2 如何处理它？",
    ),
    (
        "lesson.lost-messages.duplicate.ack",
        "回复确认，别的什么都不改变",
    ),
    (
        "lesson.lost-messages.duplicate.again",
        "再把 ABORT 写入一次日志",
    ),
    (
        "lesson.lost-messages.duplicate.ignore",
        "忽略它：自己已经作出决定了",
    ),
    (
        "lesson.lost-messages.duplicate.why",
        "P2 回复确认，C 就可以停止重发；如果 P2 保持沉默，C 会一直重发下去。收到一个自己早已持有的决定，不会改变其他任何东西。",
    ),
    (
        "lesson.lost-messages.end.text",
        "所有节点都中止了。消息丢失只会耽误时间，不会破坏一致性：无论消息丢失、重复还是延迟，两阶段提交都不会让两个节点作出不同的决定。",
    ),
    // 课程：协调者崩溃与不确定窗口
    (
        "lesson.coordinator-crash.title",
        "协调者崩溃：不确定窗口",
    ),
    (
        "lesson.coordinator-crash.summary",
        "协调者在投票之后、作出决定之前崩溃。每个参与者都投了 YES，却都只能等待：这就是两阶段提交的阻塞问题。",
    ),
    (
        "lesson.coordinator-crash.votes.text",
        "三个参与者都投了 YES，处于 READY：每一个都承诺了只要被告知提交就提交，在得知决定之前都处于不确定状态。最后一张 YES 刚刚到达 C。",
    ),
    (
        "lesson.coordinator-crash.crash.text",
        "C 在写下决定之前崩溃了。协调者无法联系，而每个存活的参与者都处于 READY：它们被阻塞了，谁都不能独自作决定。",
    ),
    (
        "lesson.coordinator-crash.ask.text",
        "P2 等待决定已经够久了：它的计时器到期。",
    ),
    (
        "lesson.coordinator-crash.ask.q",
        "P2 处于 READY 时计时器到期。它会怎么做？",
    ),
    (
        "lesson.coordinator-crash.ask.abort",
        "中止：协调者一定是出故障了",
    ),
    (
        "lesson.coordinator-crash.ask.ask",
        "向其他参与者（以及 C）询问决定",
    ),
    (
        "lesson.coordinator-crash.ask.commit",
        "提交：大家都投了 YES",
    ),
    (
        "lesson.coordinator-crash.ask.why",
        "处于 READY 的参与者不能独自作决定：它已承诺提交，而 C 可能作出了任何一种决定。它会运行协作终止协议：向其他参与者询问。",
    ),
    (
        "lesson.coordinator-crash.uncertain.text",
        "P2 的询问到达 P1。",
    ),
    (
        "lesson.coordinator-crash.uncertain.q",
        "P1 也处于 READY。它怎么回答？",
    ),
    (
        "lesson.coordinator-crash.uncertain.uncertain",
        "UNCERTAIN：它也不知道",
    ),
    ("lesson.coordinator-crash.uncertain.commit", "COMMIT"),
    ("lesson.coordinator-crash.uncertain.abort", "ABORT"),
    (
        "lesson.coordinator-crash.uncertain.why",
        "处于 READY 的参与者帮不上忙：它自己也不确定，询问者只能再问别人。这里每个参与者都处于 READY，所以每个回答都是 UNCERTAIN。",
    ),
    (
        "lesson.coordinator-crash.blocked.text",
        "所有回答都是 UNCERTAIN。P2 再问一次，并会一直问下去。",
    ),
    (
        "lesson.coordinator-crash.blocked.q",
        "P2 会保持未决定状态多久？",
    ),
    ("lesson.coordinator-crash.blocked.until-c", "直到 C 恢复"),
    (
        "lesson.coordinator-crash.blocked.timeout-abort",
        "直到下一次超时，然后中止",
    ),
    (
        "lesson.coordinator-crash.blocked.majority",
        "直到多数达成一致，然后提交",
    ),
    (
        "lesson.coordinator-crash.blocked.why",
        "能联系到的节点都帮不上忙，所以 P2 一直被阻塞，直到协调者回来。两阶段提交恰好在这种情况下阻塞：协调者无法联系，而每个存活的参与者都处于 READY。",
    ),
    (
        "lesson.coordinator-crash.recover.text",
        "C 终于恢复，读取自己的日志：里面没有任何决定。",
    ),
    ("lesson.coordinator-crash.recover.q", "C 会作出什么决定？"),
    ("lesson.coordinator-crash.recover.abort", "ABORT"),
    (
        "lesson.coordinator-crash.recover.commit",
        "COMMIT：大家都投了 YES",
    ),
    (
        "lesson.coordinator-crash.recover.ask",
        "向参与者询问该怎么办",
    ),
    (
        "lesson.coordinator-crash.recover.why",
        "恢复时读取日志，没有决定记录就中止。这是安全的：C 总是先写日志再发送决定，日志里没有决定，就说明没有任何人被告知过 COMMIT。",
    ),
    (
        "lesson.coordinator-crash.end.text",
        "所有节点都中止了，在 C 的队列里等待的询问也都得到了答复。一致性始终成立，但在 C 宕机的整段时间里，P1、P2 和 P3 都被阻塞了。",
    ),
    // 课程：从日志恢复
    ("lesson.recovery.title", "从日志恢复"),
    (
        "lesson.recovery.summary",
        "协调者把 COMMIT 写入日志，还没告诉任何人就崩溃了。崩溃之后能留下来的，只有强制写入日志的内容。",
    ),
    (
        "lesson.recovery.logged.text",
        "所有选票都是 YES。C 把 COMMIT 强制写入日志：决定已经存在于稳定存储中，尽管还没有人被告知。",
    ),
    (
        "lesson.recovery.crash.text",
        "C 在发送 COMMIT 之前崩溃。协调者无法联系，每个参与者都处于 READY：它们被阻塞了。",
    ),
    (
        "lesson.recovery.ask.text",
        "P1 超时，向所有人询问。其他参与者都处于 READY，回答 UNCERTAIN；只有 C 知道结果，而 C 已经宕机。",
    ),
    (
        "lesson.recovery.recover.text",
        "C 恢复并读取日志：里面有 COMMIT。",
    ),
    ("lesson.recovery.recover.q", "C 会怎么做？"),
    (
        "lesson.recovery.recover.resend",
        "重新向每个参与者发送 COMMIT",
    ),
    (
        "lesson.recovery.recover.abort",
        "中止：崩溃打断了这个事务",
    ),
    (
        "lesson.recovery.recover.ask",
        "向参与者询问发生了什么",
    ),
    (
        "lesson.recovery.recover.why",
        "恢复时读取日志，已记录的决定就照着执行：C 不断重发 COMMIT，直到每个参与者都确认。崩溃前谁已确认只记在内存里，所以它向所有人重发。",
    ),
    (
        "lesson.recovery.commit.text",
        "COMMIT 到达 P1，P1 提交。",
    ),
    (
        "lesson.recovery.end.text",
        "所有节点都提交了。决定之所以能挺过崩溃，是因为 C 在发送之前就把它强制写入了日志。",
    ),
    // 课程：协作终止
    ("lesson.cooperative-termination.title", "协作终止"),
    (
        "lesson.cooperative-termination.summary",
        "协调者只通知了一个参与者就崩溃了。其他参与者不必等它：它们可以互相询问。",
    ),
    (
        "lesson.cooperative-termination.crash.text",
        "C 决定 COMMIT，把它强制写入日志并发给了 P1，随后在发给其他人之前崩溃。P2 和 P3 处于 READY，不确定结果。",
    ),
    (
        "lesson.cooperative-termination.p1-commits.text",
        "COMMIT 到达 P1，P1 提交。P2 和 P3 仍不确定结果，但已不再被阻塞：它们能联系到的一个参与者知道决定。",
    ),
    (
        "lesson.cooperative-termination.ask.text",
        "P2 等待决定的计时器到期。",
    ),
    ("lesson.cooperative-termination.ask.q", "P2 会怎么做？"),
    (
        "lesson.cooperative-termination.ask.ask",
        "向包括 P1 在内的其他节点询问决定",
    ),
    (
        "lesson.cooperative-termination.ask.abort",
        "中止：决定没有按时到达",
    ),
    (
        "lesson.cooperative-termination.ask.wait",
        "继续等待 C",
    ),
    (
        "lesson.cooperative-termination.ask.why",
        "在 READY 状态超时的参与者会向其他参与者询问：这就是协作终止。",
    ),
    (
        "lesson.cooperative-termination.p1-answers.text",
        "P2 的询问到达 P1。",
    ),
    (
        "lesson.cooperative-termination.p1-answers.q",
        "P1 已经提交。它会告诉 P2 什么？",
    ),
    ("lesson.cooperative-termination.p1-answers.commit", "COMMIT"),
    (
        "lesson.cooperative-termination.p1-answers.uncertain",
        "UNCERTAIN：只有协调者才能宣布决定",
    ),
    (
        "lesson.cooperative-termination.p1-answers.silent",
        "什么也不回：询问应该由协调者来回答",
    ),
    (
        "lesson.cooperative-termination.p1-answers.why",
        "知道决定的参与者会把它转告出去，询问者采纳这个决定。",
    ),
    (
        "lesson.cooperative-termination.p3-uncertain.text",
        "P3 的回答先到达 P2：UNCERTAIN。P3 也处于 READY，帮不上忙，P2 只能等其他节点的回答。",
    ),
    (
        "lesson.cooperative-termination.adopt.text",
        "P1 的 COMMIT 到达 P2。",
    ),
    (
        "lesson.cooperative-termination.adopt.q",
        "P2 从另一个参与者而不是协调者那里听到了 COMMIT。它会怎么做？",
    ),
    (
        "lesson.cooperative-termination.adopt.commit",
        "提交：把 COMMIT 强制写入日志并进入 COMMIT",
    ),
    (
        "lesson.cooperative-termination.adopt.wait",
        "等 C 来确认",
    ),
    (
        "lesson.cooperative-termination.adopt.abort",
        "中止，因为 P3 说它也不知道",
    ),
    (
        "lesson.cooperative-termination.adopt.why",
        "从其他参与者那里得知决定的参与者会采纳它。P1 回答 P3 的询问后，P3 也会这样做。",
    ),
    (
        "lesson.cooperative-termination.c-back.text",
        "C 恢复，在日志中找到 COMMIT 并重新发送。参与者早已提交，所以它们只需回复确认。",
    ),
    (
        "lesson.cooperative-termination.end.text",
        "所有节点都提交了，P2 和 P3 没有等待 C。协作终止能缩短阻塞，却无法消除阻塞：如果能联系到的参与者都不知道决定，它们就会一直阻塞到 C 回来。",
    ),
    // 课程：三阶段提交为什么不阻塞
    (
        "lesson.3pc-nonblocking.title",
        "三阶段提交：为什么不会阻塞",
    ),
    (
        "lesson.3pc-nonblocking.summary",
        "三阶段提交在投票和提交之间加了一个阶段。协调者崩溃时，参与者不用它也能完成事务。",
    ),
    (
        "lesson.3pc-nonblocking.votes.text",
        "三阶段提交的开头和两阶段提交一样：先 PREPARE，再投票。三个参与者都投了 YES，处于 READY；最后一张 YES 刚刚到达 C。",
    ),
    (
        "lesson.3pc-nonblocking.votes.q",
        "在两阶段提交中，C 此时会提交。三阶段提交的协调者会怎么做？",
    ),
    (
        "lesson.3pc-nonblocking.votes.commit",
        "和两阶段提交一样，直接提交",
    ),
    (
        "lesson.3pc-nonblocking.votes.precommit",
        "先发送 PRECOMMIT，等所有人确认之后才提交",
    ),
    ("lesson.3pc-nonblocking.votes.abort", "为了安全起见，中止"),
    (
        "lesson.3pc-nonblocking.votes.why",
        "所有人都投了 YES 后，三阶段提交的协调者进入 PRECOMMIT 并发送 PRECOMMIT；只有每个参与者都确认之后它才提交。因此处于 PRECOMMIT 的参与者知道所有人都投了 YES。",
    ),
    (
        "lesson.3pc-nonblocking.crash.text",
        "C 把 PRECOMMIT 发给了 P1，还没来得及发给 P2 和 P3 就崩溃了。",
    ),
    (
        "lesson.3pc-nonblocking.p1-precommit.text",
        "P1 进入 PRECOMMIT 并回复确认。在两阶段提交中，协调者崩溃时处于 READY 的参与者此刻已被阻塞。而这里没有任何节点被阻塞：不存在能直接走到 COMMIT 又能直接走到 ABORT 的状态，所以在节点崩溃即停止（fail-stop）的前提下，存活者可以自行确定结果。",
    ),
    (
        "lesson.3pc-nonblocking.elect.text",
        "P2 的计时器到期：C 那边毫无音讯。",
    ),
    (
        "lesson.3pc-nonblocking.elect.q",
        "在两阶段提交中，它会四处询问然后等待。在三阶段提交中 P2 会怎么做？",
    ),
    (
        "lesson.3pc-nonblocking.elect.report",
        "启动终止协议：把自己的状态 READY 报告给新的领导者 P1",
    ),
    (
        "lesson.3pc-nonblocking.elect.abort",
        "自行中止",
    ),
    (
        "lesson.3pc-nonblocking.elect.block",
        "阻塞，直到 C 恢复",
    ),
    (
        "lesson.3pc-nonblocking.elect.why",
        "在终止协议中，存活的参与者选出一个新的协调者，由它收集大家的状态。这里的领导者是未被怀疑崩溃的参与者中编号最小的那个：P1。",
    ),
    (
        "lesson.3pc-nonblocking.rule.text",
        "P1 担任领导者。它收到了 P2 和 P3 的报告，都是 READY；P1 自己处于 PRECOMMIT。",
    ),
    (
        "lesson.3pc-nonblocking.rule.q",
        "领导者适用哪条规则？",
    ),
    (
        "lesson.3pc-nonblocking.rule.precommit",
        "有人处于 PRECOMMIT：先向其他人发送 PRECOMMIT，再提交",
    ),
    (
        "lesson.3pc-nonblocking.rule.abort",
        "还没有人作出决定：中止",
    ),
    (
        "lesson.3pc-nonblocking.rule.commit-now",
        "立即提交，并通知其他人",
    ),
    (
        "lesson.3pc-nonblocking.rule.why",
        "规则依次是：有人已 COMMIT，就提交；有人已 ABORT，就中止；有人处于 PRECOMMIT 且没有人作出决定，就先向其他人发送 PRECOMMIT，再提交；所有人都处于 INIT 或 READY，就中止。P1 处于 PRECOMMIT，所以它先把其他人带到 PRECOMMIT。",
    ),
    (
        "lesson.3pc-nonblocking.leader-commits.text",
        "P2 和 P3 已确认 PRECOMMIT。P1 提交，并向所有人发送 COMMIT。",
    ),
    (
        "lesson.3pc-nonblocking.all-commit.text",
        "P2 和 P3 在 C 仍然宕机时就提交了：没有人等待 C。三阶段提交是非阻塞的，但前提是节点崩溃即停止、没有网络分区、超时判断准确。",
    ),
    (
        "lesson.3pc-nonblocking.c-back.text",
        "C 恢复，日志中有 PRECOMMIT 但没有决定，于是它向其他节点询问结果。",
    ),
    (
        "lesson.3pc-nonblocking.end.text",
        "C 得知结果是 COMMIT，随之提交。所有节点一致。",
    ),
    // 课程：网络分区击破三阶段提交
    ("lesson.3pc-partition.title", "网络分区击破三阶段提交"),
    (
        "lesson.3pc-partition.summary",
        "三阶段提交的保证依赖于超时能够区分崩溃的节点和联系不上的节点。网络分区打破了这个假设，也随之打破了一致性。",
    ),
    (
        "lesson.3pc-partition.split.text",
        "所有人都投了 YES；C 处于 PRECOMMIT，它发给 P1 的 PRECOMMIT 正在路上。就在这时，网络分裂为 {C, P1} 和 {P2, P3}：发给 P2 和 P3 的 PRECOMMIT 将无法送达。",
    ),
    (
        "lesson.3pc-partition.c-timeout.text",
        "P1 确认了 PRECOMMIT；P2 和 P3 无法回复。C 等待确认的计时器到期。",
    ),
    ("lesson.3pc-partition.c-timeout.q", "C 会怎么做？"),
    (
        "lesson.3pc-partition.c-timeout.commit",
        "提交，认为沉默的参与者已经崩溃",
    ),
    ("lesson.3pc-partition.c-timeout.abort", "中止"),
    (
        "lesson.3pc-partition.c-timeout.wait",
        "继续等待缺少的确认",
    ),
    (
        "lesson.3pc-partition.c-timeout.why",
        "在节点崩溃即停止、超时判断准确的前提下，沉默就意味着崩溃，于是 C 继续走到 COMMIT。但 P2 和 P3 并没有崩溃：它们只是在网络分区的另一侧。",
    ),
    (
        "lesson.3pc-partition.p1-commits.text",
        "COMMIT 到达 P1，P1 提交。C 和 P1 都已走到 COMMIT。",
    ),
    (
        "lesson.3pc-partition.leader.text",
        "在另一侧，P2 和 P3 既收不到 C 的消息，也收不到 P1 的消息。P2 怀疑这两者都已崩溃，在自己这一侧主持终止协议：它向 P3 询问状态。",
    ),
    (
        "lesson.3pc-partition.rule.text",
        "P3 的报告到达 P2：READY。P2 自己也处于 READY。",
    ),
    (
        "lesson.3pc-partition.rule.q",
        "P2 适用哪条规则？",
    ),
    ("lesson.3pc-partition.rule.abort", "都处于 READY：中止"),
    (
        "lesson.3pc-partition.rule.commit",
        "提交，因为所有人都投了 YES",
    ),
    (
        "lesson.3pc-partition.rule.wait",
        "等待网络分区消除",
    ),
    (
        "lesson.3pc-partition.rule.why",
        "所有人都处于 INIT 或 READY 就中止：在它这一侧没有人处于 PRECOMMIT，所以就 P2 所知，C 可能已经中止。P2 正确地执行了规则，却得出了错误的决定。",
    ),
    (
        "lesson.3pc-partition.violation.text",
        "一致性被破坏：C 和 P1 提交了，P2 却中止了。在网络分区下，三阶段提交可能同时作出两种决定。",
    ),
    (
        "lesson.3pc-partition.end.text",
        "P3 也中止了。三阶段提交只有在节点崩溃即停止、没有网络分区、超时判断准确时才是非阻塞的。文献中的修正方案有：基于法定人数（quorum）的三阶段提交（Skeen 1982）、E3PC（Keidar & Dolev 1995）和 Paxos Commit（Gray & Lamport 2006）。",
    ),
    // 课程：消息队列
    (
        "lesson.message-queues.title",
        "消息队列：至少一次投递",
    ),
    (
        "lesson.message-queues.summary",
        "每条消息都经过消息代理的队列。消费者如果在确认之前崩溃，就会再次收到这条消息，所以重复消息很正常，处理逻辑必须是幂等的。",
    ),
    (
        "lesson.message-queues.queued.text",
        "C 发布 PREPARE，消息代理把它放入 P1 的队列。消息在队列中等待，直到 P1 取走它；只有 P1 确认之后，它才会离开队列。",
    ),
    (
        "lesson.message-queues.taken.text",
        "P1 从队列中取出 PREPARE 并处理：把 READY 强制写入日志，投 YES。它还没有确认这条 PREPARE。",
    ),
    (
        "lesson.message-queues.crash.text",
        "P1 在发出 YES 之后、确认 PREPARE 之前崩溃了。",
    ),
    (
        "lesson.message-queues.crash.q",
        "这条 PREPARE 会怎样？",
    ),
    (
        "lesson.message-queues.crash.requeue",
        "回到 P1 的队列中",
    ),
    (
        "lesson.message-queues.crash.gone",
        "没了：P1 已经取走了它",
    ),
    (
        "lesson.message-queues.crash.dropped",
        "被消息代理丢弃",
    ),
    (
        "lesson.message-queues.crash.why",
        "消息只有在被确认后才会离开队列。消费者如果在确认前崩溃，就会再次收到这条消息：这就是至少一次投递。",
    ),
    (
        "lesson.message-queues.waits.text",
        "P1 的 YES 在崩溃前就已发出，现已到达 C，所以 C 集齐了选票并提交。发给 P1 的 COMMIT 在 P1 宕机期间一直在它的队列里等待：队列会保留消息，直到 P1 取走它。",
    ),
    (
        "lesson.message-queues.recover.text",
        "P1 重启。它的日志里有 READY，没有决定。",
    ),
    (
        "lesson.message-queues.recover.q",
        "P1 首先做什么？",
    ),
    (
        "lesson.message-queues.recover.ask",
        "向其他节点询问决定",
    ),
    (
        "lesson.message-queues.recover.abort",
        "中止：它在事务进行中崩溃过",
    ),
    (
        "lesson.message-queues.recover.commit",
        "提交：它投过 YES",
    ),
    (
        "lesson.message-queues.recover.why",
        "日志里有 READY 却没有决定，就意味着结果不确定：它必须询问。它的队列很快也会把答案交给它。",
    ),
    (
        "lesson.message-queues.redelivered.text",
        "消息代理再次投递 PREPARE：正是 P1 没有确认的那一条。",
    ),
    (
        "lesson.message-queues.redelivered.q",
        "P1 在崩溃前已经投了 YES。它如何处理这条重复的 PREPARE？",
    ),
    (
        "lesson.message-queues.redelivered.same-answer",
        "再回答一次 YES，不写入任何新内容",
    ),
    (
        "lesson.message-queues.redelivered.vote-again",
        "再次强制写入 READY，当作新请求重新投票",
    ),
    ("lesson.message-queues.redelivered.ignore", "忽略它"),
    (
        "lesson.message-queues.redelivered.why",
        "在至少一次投递下，重复消息是正常的，所以处理逻辑必须是幂等的：重复的 PREPARE 得到同样的回答，不改变任何东西。",
    ),
    (
        "lesson.message-queues.dup-vote.text",
        "P1 的第二张 YES 到达 C，而 C 早已提交。",
    ),
    (
        "lesson.message-queues.dup-vote.q",
        "C 如何处理它？",
    ),
    (
        "lesson.message-queues.dup-vote.nothing",
        "什么都不做：决定之后的选票不会改变任何东西",
    ),
    (
        "lesson.message-queues.dup-vote.commit-again",
        "再提交一次",
    ),
    (
        "lesson.message-queues.dup-vote.recount",
        "重新计票，并向所有人重发 COMMIT",
    ),
    (
        "lesson.message-queues.dup-vote.why",
        "C 的处理是幂等的：决定之后到达的选票会被忽略。C 仍然会确认这条消息，让它离开 C 的队列。",
    ),
    (
        "lesson.message-queues.dup-commit.text",
        "P1 已经提交。又一条来自 C 的 COMMIT 到达：这是 P1 宕机期间 C 重发的。",
    ),
    ("lesson.message-queues.dup-commit.q", "P1 会怎么做？"),
    (
        "lesson.message-queues.dup-commit.ack",
        "回复确认，别的什么都不改变",
    ),
    (
        "lesson.message-queues.dup-commit.log-again",
        "再把 COMMIT 写入一次日志",
    ),
    (
        "lesson.message-queues.dup-commit.reject",
        "当作重复消息拒收，不回复确认",
    ),
    (
        "lesson.message-queues.dup-commit.why",
        "依然是幂等：P1 回复确认，C 就可以停止重发，除此之外什么都不变。",
    ),
    (
        "lesson.message-queues.end.text",
        "每个节点都只提交了一次，尽管 P1 收到了两次 PREPARE、好几次 COMMIT：重复消息会到来，而幂等的处理让它们无害。与之对照的是有损网络（至多一次投递）：发给已崩溃节点的消息就直接丢失了。",
    ),
    // The Explorer panel (src/web/explorer.rs).
    ("explorer.title", "探索器：会不会出错？"),
    ("explorer.budget", "搜索可使用的故障"),
    ("explorer.drops", "丢失"),
    ("explorer.duplicates", "重复"),
    ("explorer.crashes", "崩溃"),
    ("explorer.recoveries", "恢复"),
    ("explorer.partitions", "分区"),
    ("explorer.timeouts", "超时"),
    ("explorer.timeouts.accurate", "准确（只在别无可能时触发）"),
    ("explorer.timeouts.any", "任意时刻（可能过早）"),
    ("explorer.property", "查找"),
    ("explorer.property.all", "全部"),
    ("explorer.property.agreement", "决定分裂（一致性）"),
    ("explorer.property.can_block", "会阻塞的运行"),
    ("explorer.network", "网络"),
    ("explorer.network.lossy", "有损网络（最快）"),
    ("explorer.network.scenario", "与场景相同"),
    ("explorer.network.note", "搜索会尝试消息的每一种顺序，以及预算允许的每一个故障。默认在有损网络上搜索：状态比消息队列少得多，几秒内就有答案。"),
    ("explorer.memory", "内存预算（MiB）"),
    ("explorer.find", "查找"),
    ("explorer.cancel", "取消"),
    ("explorer.hint", "选好故障预算后按“查找”：会搜索这个设置的每一种可能运行，并给出通往每个问题的最短运行。"),
    ("explorer.cancelled", "搜索已取消。"),
    ("explorer.failed", "搜索没有运行：{message}"),
    ("explorer.searching", "搜索中"),
    ("explorer.progress", "已找到 {states} 个状态，{frontier} 个待展开，深度 {depth}，每秒 {rate} 个状态"),
    ("explorer.memory_use", "内存：{used} / {budget} MiB"),
    ("explorer.found.agreement", "决定分裂：违反一致性"),
    ("explorer.found.can_block", "一次会阻塞的运行"),
    ("explorer.found.other", "被违反：{property}"),
    ("explorer.summary", "{states} 个不同状态，生成 {generated} 个，深度 {depth}，用时 {seconds} 秒（{memory} MiB）。"),
    ("explorer.complete", "完整：检查了每一个可达状态。"),
    ("explorer.stopped_at_findings", "在第一个发现处停止（它是最短运行）。"),
    ("explorer.incomplete", "不完整：{why}。没有发现并不能说明什么。"),
    ("explorer.none.agreement", "没有任何运行会让决定分裂：每个可达状态都满足一致性。"),
    ("explorer.none_yet.agreement", "已搜索的状态中没有决定分裂。"),
    ("explorer.none.can_block", "没有任何运行会让参与者阻塞。"),
    ("explorer.none_yet.can_block", "已搜索的状态中没有会阻塞的运行。"),
    ("explorer.steps", "最短运行：{n} 步"),
    ("explorer.watch", "观看这次运行"),
    ("explorer.link", "这次运行的链接"),
    ("explorer.step.arrive", "消息 {msg} 到达"),
    ("explorer.step.fire", "{node} 的 {timer} 定时器触发"),
    ("explorer.step.wake", "{node} 被唤醒"),
    ("explorer.step.drop", "消息 {msg} 丢失"),
    ("explorer.step.duplicate", "消息 {msg} 被复制"),
    ("explorer.step.crash", "{node} 崩溃"),
    ("explorer.step.recover", "{node} 恢复"),
    ("explorer.step.partition", "网络分裂：{sides}"),
    ("explorer.step.heal", "网络恢复"),
];
