<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../staff_accounts.py" line="59"/>
        <source>新建账号</source>
        <translation>New account</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="61"/>
        <source>重置 {name} 的密码</source>
        <translation>Reset the password of {name}</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="75"/>
        <source>2-32 位小写字母、数字或 . _ -</source>
        <translation>2-32 lowercase letters, digits or . _ -</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="76"/>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="77"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="78"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="85"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="86"/>
        <source>再次输入</source>
        <translation>Repeat it</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="91"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="91"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="98"/>
        <source>请填写用户名。</source>
        <translation>Enter a username.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="101"/>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>AgentPanel</name>
    <message>
        <location filename="../intake/agent_panel.py" line="40"/>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="41"/>
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="42"/>
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="43"/>
        <source>其他亲属</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="44"/>
        <source>单位员工</source>
        <translation>Employee of the organisation</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="45"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="46"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="111"/>
        <location filename="../intake/agent_panel.py" line="135"/>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="111"/>
        <location filename="../intake/agent_panel.py" line="136"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="112"/>
        <location filename="../intake/agent_panel.py" line="137"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="112"/>
        <location filename="../intake/agent_panel.py" line="138"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="113"/>
        <location filename="../intake/agent_panel.py" line="139"/>
        <source>关系/职务</source>
        <translation>Relation / position</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="113"/>
        <location filename="../intake/agent_panel.py" line="140"/>
        <source>授权</source>
        <translation>Authorised by</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="172"/>
        <source>读卡器读取</source>
        <translation>Read by the card reader</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="172"/>
        <source>手工录入</source>
        <translation>Typed in</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="193"/>
        <source>请填写{role}姓名</source>
        <translation>Enter the {role}&apos;s name</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="201"/>
        <source>请读取{role}的证件或填写证件号码</source>
        <translation>Read the {role}&apos;s card or enter the document number</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="210"/>
        <source>{role}与申请人为同一人，请取消代办</source>
        <translation>The {role} is the applicant: turn off the agent</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="217"/>
        <source>请填写{role}与申请人的关系或职务</source>
        <translation>Enter the {role}&apos;s relation to the applicant or position</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="226"/>
        <source>{role}姓名</source>
        <translation>{role}&apos;s name</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="227"/>
        <source>{role}证件号码</source>
        <translation>{role}&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="228"/>
        <source>{role}关系/职务</source>
        <translation>{role}&apos;s relation or position</translation>
    </message>
</context>
<context>
    <name>ApplicantEditDialog</name>
    <message>
        <location filename="../correction.py" line="164"/>
        <source>更正申请人信息 — {case_no}</source>
        <translation>Correct the applicant&apos;s data — {case_no}</translation>
    </message>
    <message>
        <location filename="../correction.py" line="169"/>
        <source>受理后更正申请人信息须经值班长审批；原值与新值记入办理过程。证件号码不能更正。</source>
        <translation>After acceptance the applicant&apos;s data is corrected only with a supervisor&apos;s approval; the old and new values are kept in the case history. The ID number cannot be corrected.</translation>
    </message>
    <message>
        <location filename="../correction.py" line="188"/>
        <source>更正项</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../correction.py" line="189"/>
        <source>正确的内容</source>
        <translation>Correct value</translation>
    </message>
    <message>
        <location filename="../correction.py" line="190"/>
        <source>原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <location filename="../correction.py" line="191"/>
        <source>值班长账号</source>
        <translation>Supervisor account</translation>
    </message>
    <message>
        <location filename="../correction.py" line="192"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../correction.py" line="193"/>
        <source>动态口令</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../correction.py" line="198"/>
        <source>确认更正</source>
        <translation>Correct it</translation>
    </message>
    <message>
        <location filename="../correction.py" line="198"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../correction.py" line="205"/>
        <source>请求值班长审批 (F4)</source>
        <translation>Send to the supervisor (F4)</translation>
    </message>
    <message>
        <location filename="../correction.py" line="206"/>
        <source>发给本大厅的值班长在其窗口审批；请求只含打码后的原值与新值。</source>
        <translation>A supervisor of this hall approves it at their window; the request carries only the masked old and new values.</translation>
    </message>
    <message>
        <location filename="../correction.py" line="213"/>
        <source>请填写正确的内容和更正原因。</source>
        <translation>Enter the correct value and the reason for the correction.</translation>
    </message>
    <message>
        <location filename="../correction.py" line="221"/>
        <source>请值班长输入账号和密码。</source>
        <translation>The supervisor enters their account and password.</translation>
    </message>
</context>
<context>
    <name>ApprovalWait</name>
    <message>
        <location filename="../case_approvals.py" line="33"/>
        <source>该请求已过期（当日未审批），请重新发起或请值班长到窗口审批</source>
        <translation>The request expired (not decided on its day): send it again, or ask a supervisor to approve at this screen</translation>
    </message>
</context>
<context>
    <name>ApprovalsInboxScreen</name>
    <message>
        <location filename="../approvals_inbox.py" line="90"/>
        <source>本大厅各窗口请求值班长审批的事项（不能审批本人提出的请求）</source>
        <translation>Approval requests from every window of this hall (nobody approves their own request)</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="93"/>
        <source>请求时间</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="94"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="95"/>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="96"/>
        <source>审批事项</source>
        <translation>Asks for</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="97"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="98"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="99"/>
        <source>已等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="105"/>
        <source>没有待审批的请求。</source>
        <translation>No approval requests are pending.</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="309"/>
        <source>{window} {clerk} {kind}：{summary}</source>
        <translation>{window} {clerk} {kind}: {summary}</translation>
    </message>
    <message numerus="yes">
        <location filename="../approvals_inbox.py" line="337"/>
        <source>已批准 %n 条，受理员的窗口将在数秒内收到。</source>
        <translation>
            <numerusform>Approved %n request; the clerk’s window gets it within seconds.</numerusform>
            <numerusform>Approved %n requests; the clerks’ windows get them within seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../approvals_inbox.py" line="339"/>
        <source>已拒绝 %n 条，受理员的窗口将在数秒内看到理由。</source>
        <translation>
            <numerusform>Refused %n request; the clerk’s window shows the reason within seconds.</numerusform>
            <numerusform>Refused %n requests; the clerks’ windows show the reason within seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="344"/>
        <source>✓ {request}</source>
        <translation>✓ {request}</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="347"/>
        <source>✗ {request}：未能处理，{why}</source>
        <translation>✗ {request}: not decided, {why}</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="114"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="206"/>
        <source>{clerk}（本人）</source>
        <translation>{clerk} (you)</translation>
    </message>
    <message numerus="yes">
        <location filename="../approvals_inbox.py" line="214"/>
        <source>%n 分钟</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="221"/>
        <source>本人提出的请求须由另一位值班长审批（双人复核）。</source>
        <translation>Your own request must be decided by another supervisor (four eyes).</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="233"/>
        <source>{seconds} 秒后自动重试，按 F5 立即重试。</source>
        <translation>Trying again in {seconds} s; F5 tries now.</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="237"/>
        <source>登记后按 F5 读取。</source>
        <translation>Once it is enrolled, press F5 to read them.</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="240"/>
        <source>读取审批请求失败：{error}
离线时请到受理员的窗口当场审批。</source>
        <translation>Could not read the approval requests: {error}
Offline, approve at the clerk&apos;s screen.</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="271"/>
        <source>批准 {window} {clerk} 的{kind}请求</source>
        <translation>Approve the {kind} request of {clerk} at {window}</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="269"/>
        <source>拒绝 {window} {clerk} 的{kind}请求</source>
        <translation>Refuse the {kind} request of {clerk} at {window}</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="110"/>
        <source>批准所选 (Enter)</source>
        <translation>Approve selected (Enter)</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="112"/>
        <source>驳回所选 (Ctrl+R)</source>
        <translation>Refuse selected (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="262"/>
        <source>请先在列表中选择请求（本人提出的请求不能由本人审批）。</source>
        <translation>Select requests in the list first (you cannot decide your own requests).</translation>
    </message>
    <message numerus="yes">
        <location filename="../approvals_inbox.py" line="280"/>
        <source>驳回所选的 %n 条请求</source>
        <translation>
            <numerusform>Refuse the %n selected request</numerusform>
            <numerusform>Refuse the %n selected requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../approvals_inbox.py" line="282"/>
        <source>批准所选的 %n 条请求</source>
        <translation>
            <numerusform>Approve the %n selected request</numerusform>
            <numerusform>Approve the %n selected requests</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="291"/>
        <source>确认拒绝</source>
        <translation>Confirm refusal</translation>
    </message>
</context>
<context>
    <name>AuditLogPanel</name>
    <message>
        <location filename="../audit_log.py" line="48"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="58"/>
        <source>账号，如 clerk01</source>
        <translation>account, e.g. clerk01</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="65"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="66"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="69"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="70"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="71"/>
        <location filename="../audit_log.py" line="84"/>
        <source>操作人</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="72"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="73"/>
        <source>办件号</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="82"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="83"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="85"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="86"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="87"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="92"/>
        <source>选好条件后点击查询；每次查阅都记入审计日志。</source>
        <translation>Choose, then click Search; each reading is itself recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../audit_log.py" line="124"/>
        <source>（已被第 %1 条恢复备份替换）</source>
        <translation>(replaced by the restore at entry %1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_log.py" line="143"/>
        <source>显示最近 {shown} 条；更早的 %n 条请缩小日期范围查看。</source>
        <translation>
            <numerusform>The latest {shown} shown; narrow the days to see the earlier one.</numerusform>
            <numerusform>The latest {shown} shown; narrow the days to see the %n earlier ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_log.py" line="147"/>
        <source>共 %n 条。</source>
        <translation>
            <numerusform>%n entry.</numerusform>
            <numerusform>%n entries.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../charts.py" line="32"/>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>BundlePanel</name>
    <message>
        <location filename="../intake/bundle_panel.py" line="58"/>
        <source>一件事包含的事项  [Alt+序号 勾选或取消]</source>
        <translation>Items of the one-thing bundle  [Alt+number to tick or untick]</translation>
    </message>
    <message>
        <location filename="../intake/bundle_panel.py" line="98"/>
        <source>《{item}》情形</source>
        <translation>Situation of “{item}”</translation>
    </message>
</context>
<context>
    <name>CardReaderThread</name>
    <message>
        <location filename="../card_reader_thread.py" line="80"/>
        <source>不可用</source>
        <translation>unavailable</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="70"/>
        <location filename="../card_reader_thread.py" line="112"/>
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="72"/>
        <source>读卡器已连接，请将证件放在读卡器上</source>
        <translation>The card reader is connected; place the card on it</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="105"/>
        <source>正在读卡</source>
        <translation>reading</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="108"/>
        <source>已读卡</source>
        <translation>card read</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="118"/>
        <source>读卡失败</source>
        <translation>read failed</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="99"/>
        <source>请将护照放在读卡器上，以读取芯片</source>
        <translation>Place the passport on the reader to read its chip</translation>
    </message>
    <message>
        <location filename="../card_reader_thread.py" line="95"/>
        <source>此读卡器不能读取护照芯片，已按机读码录入</source>
        <translation>This reader cannot read passport chips; the MRZ was entered</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../case_detail.py" line="82"/>
        <source>案件详情</source>
        <translation>Case details</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="92"/>
        <location filename="../case_detail.py" line="102"/>
        <location filename="../case_detail.py" line="105"/>
        <location filename="../case_detail.py" line="110"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="93"/>
        <location filename="../case_detail.py" line="102"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="94"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="95"/>
        <source>状态变化</source>
        <translation>State change</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="96"/>
        <location filename="../case_detail.py" line="105"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="102"/>
        <location filename="../case_detail.py" line="105"/>
        <location filename="../case_detail.py" line="119"/>
        <source>数据版本</source>
        <translation>Data versions</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="105"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="111"/>
        <source>文书</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="112"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="113"/>
        <source>打印状态</source>
        <translation>Print status</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="114"/>
        <source>经办</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="118"/>
        <source>办理过程</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="120"/>
        <source>同步记录</source>
        <translation>Sync attempts</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="121"/>
        <source>打印记录</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="126"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="145"/>
        <source>补打回执（需值班长）</source>
        <translation>Reprint receipt (supervisor)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="160"/>
        <source>作废（需值班长）</source>
        <translation>Void (supervisor)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="162"/>
        <source>撤回申请(&amp;W)</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="165"/>
        <source>补齐后受理(&amp;A)</source>
        <translation>&amp;Accept when complete</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="169"/>
        <source>补交容缺材料 (F8)</source>
        <translation>Supply deferred materials (F8)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="173"/>
        <source>收取补正材料(&amp;C)</source>
        <translation>Receive &amp;correction</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="177"/>
        <source>更正申请人信息(&amp;E)</source>
        <translation>&amp;Edit applicant data</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="183"/>
        <source>打印待打印文书 (Ctrl+P)</source>
        <translation>Print pending document (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="187"/>
        <source>缴费通知书(&amp;N)</source>
        <translation>Payment &amp;notice</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="189"/>
        <source>POS刷卡缴费(&amp;P)</source>
        <translation>Card &amp;payment (POS)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="192"/>
        <source>登记平台缴费</source>
        <translation>Record platform payment</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="195"/>
        <source>出件 (F10)</source>
        <translation>Hand over result (F10)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="196"/>
        <source>登记邮寄 (F11)</source>
        <translation>Record posting (F11)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="197"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="257"/>
        <source>本件没有待缴的费用</source>
        <translation>This case owes no fee</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="260"/>
        <source>办件尚未办结，结果还不能领取</source>
        <translation>The case is not finished yet: no result to collect</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="262"/>
        <source>结果已登记邮寄</source>
        <translation>The result was already posted</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="263"/>
        <source>申请人未选择邮寄送达</source>
        <translation>The applicant did not choose delivery by post</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="269"/>
        <source>部门没有要求补正</source>
        <translation>The department asked for no correction</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="283"/>
        <source>本件没有待补交的容缺材料</source>
        <translation>No deferred material is owed for this case</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="289"/>
        <source>只有一次性告知的办件才能补齐后受理</source>
        <translation>Only a notified case is accepted once the materials are complete</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="309"/>
        <source>本办件已在其他地方更改（现为“{state}”），已刷新，请查看后再操作。</source>
        <translation>This case was changed elsewhere (now &quot;{state}&quot;); it has been refreshed: check it before acting.</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="330"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="331"/>
        <source>排队号</source>
        <translation>Queue ticket</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="332"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="334"/>
        <source>事项目录版本</source>
        <translation>Catalog version</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="335"/>
        <source>第 {version} 版</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="337"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="340"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="341"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="343"/>
        <source>承诺办结日</source>
        <translation>Promised date</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="347"/>
        <source>法定办结日</source>
        <translation>Statutory completion date</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="364"/>
        <source>全市通办</source>
        <translation>City-wide service (全市通办)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="365"/>
        <source>本窗口受理，由 {name} 办理；办理进度经平台回传本窗口</source>
        <translation>Accepted at this window, handled by {name}; its progress comes back here through the platform</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="374"/>
        <source>结果领取</source>
        <translation>Result delivery</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="376"/>
        <source>补正要求</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="383"/>
        <source>文书语言</source>
        <translation>Document language</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="389"/>
        <source>不符合申请条件仍受理的理由</source>
        <translation>Reason for accepting against the eligibility conditions</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="394"/>
        <source>网上评价（一事一评）</source>
        <translation>Online rating</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="460"/>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="461"/>
        <source>缴费识别码</source>
        <translation>Payment reference</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="464"/>
        <source>缴费方式</source>
        <translation>Paid by</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="478"/>
        <source>  国籍 {code}</source>
        <translation>  nationality {code}</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="488"/>
        <source>{name}  {number}，{relation}，{authorization}</source>
        <translation>{name}  {number}, {relation}, {authorization}</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="504"/>
        <source>个人信息</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="505"/>
        <source>已于{0}按保留期限清除（保留{1}天）</source>
        <translation>Purged on {0} under the retention period (kept {1} days)</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="520"/>
        <source>已妥投</source>
        <translation>delivered</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="522"/>
        <source>已寄出</source>
        <translation>posted</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="525"/>
        <source>{status}，运单号 {waybill}</source>
        <translation>{status}, waybill {waybill}</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="531"/>
        <source>{name}（{masked}）凭授权委托书代领</source>
        <translation>collected by proxy {name} ({masked}) with a power of attorney</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="536"/>
        <source>申请人本人已领取</source>
        <translation>collected by the applicant in person</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="542"/>
        <source>不予受理理由</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="543"/>
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="544"/>
        <source>建议向何处申请</source>
        <translation>Where to apply instead</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="544"/>
        <source>未填写</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="553"/>
        <source>申请人信息更正</source>
        <translation>Applicant data corrected</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="554"/>
        <source>{field}：{old} → {new}（{approver} 审批）</source>
        <translation>{field}: {old} → {new} (approved by {approver})</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="586"/>
        <source>（×{count}，最后 {at}）</source>
        <translation> (×{count}, last at {at})</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="166"/>
        <source>补打回执</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="78"/>
        <source>更正申请人信息</source>
        <translation>Correct the applicant&apos;s data</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="171"/>
        <source>作废办件</source>
        <translation>Void the case</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="211"/>
        <source>窗口关闭前发出的更正申请人信息请求已撤回（所填新值未保存），请重新更正。</source>
        <translation>The correction of the applicant&apos;s data sent before the window closed was withdrawn (the new value was not kept); please enter the correction again.</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="216"/>
        <source>窗口关闭前的更正申请人信息请求已由 {who} 答复，但新值未保存，请重新更正。</source>
        <translation>{who} answered the correction of the applicant&apos;s data sent before the window closed, but the new value was not kept; please enter the correction again.</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="299"/>
        <source>{who} 未批准{action}：{reason}</source>
        <translation>{who} did not approve ({action}): {reason}</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="311"/>
        <source>正在等待值班长答复，但暂时联系不上平台：{error}</source>
        <translation>Waiting for the supervisor&apos;s answer, but the platform cannot be reached just now: {error}</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="317"/>
        <source>已请求值班长审批{action}，正在等待答复……（Ctrl+W 撤回；关闭本窗口也会撤回）</source>
        <translation>A supervisor was asked to approve: {action}. Waiting for the answer… (Ctrl+W withdraws the request; so does closing this window)</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="347"/>
        <source>同一件事的办件已一并更正：{cases}</source>
        <translation>Corrected with it in the same one-thing bundle: {cases}</translation>
    </message>
    <message>
        <location filename="../case_approvals.py" line="351"/>
        <source>；已办结、未更正：{cases}</source>
        <translation>; finished, left as they were: {cases}</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="351"/>
        <source>证件来源</source>
        <translation>Identity source</translation>
    </message>
    <message>
        <location filename="../case_detail.py" line="356"/>
        <source>过期证件受理理由</source>
        <translation>Reason for accepting an expired document</translation>
    </message>
</context>
<context>
    <name>CaseListScreen</name>
    <message>
        <location filename="../case_list.py" line="140"/>
        <source>办件编号、证件号码、手机号或姓名（Ctrl+F）</source>
        <translation>Case number, ID number, phone or name (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="144"/>
        <source>查找办件</source>
        <translation>Find a case</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="147"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="150"/>
        <source>按办件状态筛选</source>
        <translation>Filter by case state</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="151"/>
        <source>按同步状态筛选</source>
        <translation>Filter by sync state</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="152"/>
        <source>全部同步状态</source>
        <translation>All sync states</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="155"/>
        <source>仅今天</source>
        <translation>Today only</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="158"/>
        <source>只看本人</source>
        <translation>Mine only</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="160"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="162"/>
        <source>待领取结果 (Ctrl+R)</source>
        <translation>Results ready (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="176"/>
        <source>办件列表</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="211"/>
        <source>查找办件（办件编号、证件号码、手机号或姓名）</source>
        <translation>Find a case (case number, ID number, mobile number or name)</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="214"/>
        <source>刷新列表</source>
        <translation>Refresh the list</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="215"/>
        <source>待领取结果（出件）</source>
        <translation>Results to collect</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="282"/>
        <source>共 {n} 件</source>
        <translation>Cases: {n}</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="288"/>
        <source>未找到与“{query}”相符的办件。可按办件编号、证件号码、手机号或完整姓名查找。</source>
        <translation>No case matches &quot;{query}&quot;. Search by case number, ID number, phone or the applicant&apos;s full name.</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="301"/>
        <source>显示与“{query}”相符的最新 {n} 件；请用证件号码、办件编号或状态缩小范围</source>
        <translation>Showing the newest {n} cases matching “{query}”; narrow them by ID number, case number or state</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="303"/>
        <source>显示最新的 {n} 件；请用查找或状态缩小范围</source>
        <translation>Showing the newest {n} cases; search or filter by state to narrow the list</translation>
    </message>
</context>
<context>
    <name>CaseMaterialsPanel</name>
    <message>
        <location filename="../case_materials.py" line="55"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="56"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="57"/>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="58"/>
        <source>免交依据</source>
        <translation>Basis of exemption</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="59"/>
        <source>电子证照</source>
        <translation>E-licence</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="62"/>
        <source>查看证照文件</source>
        <translation>View licence document</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="63"/>
        <source>保存证照文件</source>
        <translation>Save licence document</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="64"/>
        <source>收取纸质材料</source>
        <translation>Take the paper material</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="65"/>
        <source>重新核验电子证照</source>
        <translation>Look the e-licence up again</translation>
    </message>
    <message>
        <location filename="../case_materials.py" line="147"/>
        <source>保存电子证照文件</source>
        <translation>Save the e-licence document</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../case_list.py" line="70"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="71"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="72"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="73"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="74"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="75"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="76"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../case_list.py" line="77"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../intake/checklist.py" line="196"/>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="197"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="198"/>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="199"/>
        <source>份数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="200"/>
        <source>免交依据 / 补交期限</source>
        <translation>Exempt by / due date</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="156"/>
        <source>未收</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="63"/>
        <source>电子证照 / 本市部门核发</source>
        <translation>e-licence / city department</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="72"/>
        <source>默认期限</source>
        <translation>default deadline</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="83"/>
        <source>《{material}》状态</source>
        <translation>{material}: status</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="84"/>
        <source>《{material}》形式</source>
        <translation>{material}: form</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="85"/>
        <source>《{material}》份数</source>
        <translation>{material}: copies</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="86"/>
        <source>《{material}》免交依据</source>
        <translation>{material}: exemption basis</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="87"/>
        <source>《{material}》补交期限</source>
        <translation>{material}: supply by</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="157"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="158"/>
        <source>免交</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="159"/>
        <source>容缺后补</source>
        <translation>Deferred</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="160"/>
        <source>告知承诺</source>
        <translation>Commitment</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="167"/>
        <source>容缺后补：非核心材料暂缺，经值班长同意先受理，申请人在补交期限内补交。</source>
        <translation>Deferred: a non-core material is missing; with a supervisor’s approval the case is accepted now and the applicant hands it in by the deadline.</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="171"/>
        <source>告知承诺：申请人书面承诺符合条件、材料属实，以承诺代替提交该材料。</source>
        <translation>Commitment: the applicant commits in writing that they qualify and that what they state is true; the commitment replaces this material.</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="189"/>
        <source>材料清单  [Ctrl+R 必需材料全部收取]  [→ 状态，空格展开，↓ 选择，Enter 确定]</source>
        <translation>Materials  [Ctrl+R receive all required]  [→ status, Space opens, ↓ chooses, Enter sets]</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="217"/>
        <location filename="../intake/checklist.py" line="356"/>
        <source>请先选择办理事项</source>
        <translation>Choose a service item first</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="235"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="236"/>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="237"/>
        <source>电子</source>
        <translation>Electronic</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="261"/>
        <source>必需</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="263"/>
        <source>核心</source>
        <translation>core</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="277"/>
        <source>[已电子提交]</source>
        <translation>[submitted online]</translation>
    </message>
    <message>
        <location filename="../intake/checklist.py" line="306"/>
        <source>免交依据 · {material}：{basis}</source>
        <translation>Exemption basis · {material}: {basis}</translation>
    </message>
</context>
<context>
    <name>ConfirmDecisionDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="43"/>
        <source>请与{present}核对以下信息：</source>
        <translation>Check these details with the {present}:</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="57"/>
        <source>确认 (Enter)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="59"/>
        <source>返回修改 (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../correction.py" line="104"/>
        <source>收取补正材料 — {case_no}</source>
        <translation>Receive the correction — {case_no}</translation>
    </message>
    <message>
        <location filename="../correction.py" line="107"/>
        <source>补正要求：{request}</source>
        <translation>Correction requested: {request}</translation>
    </message>
    <message>
        <location filename="../correction.py" line="110"/>
        <source>勾选申请人本次提交的补正材料（空格切换，回车确认）：</source>
        <translation>Tick the corrected materials the applicant hands in (Space toggles, Enter confirms):</translation>
    </message>
    <message>
        <location filename="../correction.py" line="119"/>
        <source>更正后的{field}</source>
        <translation>Corrected {field}</translation>
    </message>
    <message>
        <location filename="../correction.py" line="124"/>
        <source>确认收取</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../correction.py" line="124"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../crash.py" line="58"/>
        <source>程序遇到意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../crash.py" line="59"/>
        <source>很抱歉，程序遇到了一个意外错误。您正在办理的内容已自动保存。</source>
        <translation>Sorry, the program hit an unexpected error. The application in progress has been saved.</translation>
    </message>
    <message>
        <location filename="../crash.py" line="62"/>
        <source>您可以继续工作；如果界面异常，请退出后重新打开，未完成的受理会自动恢复。
请把下面的错误记录文件告诉信息技术人员：
{path}</source>
        <translation>You can keep working; if the screen misbehaves, quit and start again - the unfinished application is restored.
Please give IT this error log file:
{path}</translation>
    </message>
    <message>
        <location filename="../crash.py" line="68"/>
        <source>继续工作</source>
        <translation>Keep working</translation>
    </message>
    <message>
        <location filename="../crash.py" line="69"/>
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>DeferralsDueScreen</name>
    <message>
        <location filename="../deferrals_due.py" line="56"/>
        <source>7日内没有到期的容缺办件：容缺受理的办件在补齐期限前7日起列在这里。</source>
        <translation>No deferred case falls due within 7 days: cases accepted with deferred materials show here from 7 days before their deadline.</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="60"/>
        <source>联系申请人 (&amp;C)</source>
        <translation>&amp;Contact applicant</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="62"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="83"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="84"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="85"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="86"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="87"/>
        <source>手机号码</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="88"/>
        <source>补齐期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="89"/>
        <source>待补材料</source>
        <translation>Materials still owed</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="114"/>
        <source>今天到期（含已逾期）：{n} 件</source>
        <translation>Due today (and overdue): {n}</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="116"/>
        <source>本周到期（7日内）：{n} 件</source>
        <translation>Due this week (next 7 days): {n}</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="127"/>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="127"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="128"/>
        <source>未留</source>
        <translation>None given</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="172"/>
        <source>{case_no}
申请人：{name}
手机号码：{phone}</source>
        <translation>{case_no}
Applicant: {name}
Mobile phone: {phone}</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="177"/>
        <source>{case_no}
申请人 {name} 没有留下手机号码，无法电话联系。</source>
        <translation>{case_no}
Applicant {name} left no mobile phone number; they cannot be phoned.</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="175"/>
        <source>本次查看已记入审计日志。</source>
        <translation>This view has been recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../deferrals_due.py" line="183"/>
        <source>联系申请人</source>
        <translation>Contact applicant</translation>
    </message>
</context>
<context>
    <name>EarlierCasesDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="229"/>
        <source>可能重复受理</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="234"/>
        <source>请与申请人核实后再决定：此前的申请已被退回、撤回，或这次办的是另一件事（例如为家庭成员申请）时，可以继续受理。</source>
        <translation>Check with the applicant before deciding: when the earlier application was refused or withdrawn, or this one is a different matter (for a family member, say), you may accept it.</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="238"/>
        <source>仍然受理</source>
        <translation>Accept anyway</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="239"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ElicenceTasksScreen</name>
    <message>
        <location filename="../elicence_tasks.py" line="116"/>
        <source>离线时标为“待核验”、同步后电子证照库未能确认的材料。申请人补交纸质材料，或重新授权查询后，任务即关闭。</source>
        <translation>Materials marked “pending” offline that the e-licence register did not confirm after the sync. The task closes when the applicant hands the paper material in, or authorises a new lookup.</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="122"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="123"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="124"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="125"/>
        <source>电子证照</source>
        <translation>E-licence</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="126"/>
        <source>经办</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="127"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="133"/>
        <source>没有待处理的电子证照核验：同步后电子证照库未能确认的材料会列在这里。</source>
        <translation>No e-licence checks to settle: materials the e-licence register did not confirm after the sync show here.</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="138"/>
        <location filename="../elicence_tasks.py" line="208"/>
        <source>收取纸质材料</source>
        <translation>Take the paper material</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="140"/>
        <source>重新核验</source>
        <translation>Look up again</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="142"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="210"/>
        <source>办件 {case_no} 的“{licence}”（{material}）已收到纸质材料吗？
确认后办件生成新版本，该材料记为已收，任务关闭。</source>
        <translation>Has the paper material for “{licence}” ({material}) of case {case_no} been handed in?
Once confirmed, the case gets a new version with the material received, and the task closes.</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="215"/>
        <source>已收取</source>
        <translation>Handed in</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="215"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EligibilityDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="185"/>
        <source>不符合申请条件</source>
        <translation>Eligibility conditions not met</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="190"/>
        <source>证件信息与本情形的申请条件不符：
{concerns}
如仍受理，请写明理由（例如：已核验户口簿，户籍已迁入本市）。理由将随案件保存、同步并记入审计日志。</source>
        <translation>The identity document contradicts the conditions of this situation:
{concerns}
To accept anyway, state the reason (for example: household register checked, registration moved to this city). The reason is kept with the case, synced and recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="201"/>
        <source>仍然受理</source>
        <translation>Accept anyway</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="201"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="209"/>
        <source>请写明不符合申请条件仍受理的理由。</source>
        <translation>State why the case is accepted although the conditions are not met.</translation>
    </message>
</context>
<context>
    <name>EndOfDayScreen</name>
    <message>
        <location filename="../end_of_day.py" line="72"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="75"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="81"/>
        <source>签署日结……</source>
        <translation>Sign the day off…</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="103"/>
        <location filename="../end_of_day.py" line="126"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="90"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="91"/>
        <source>容缺</source>
        <translation>Deferred</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="92"/>
        <source>告知</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="93"/>
        <source>不予受理</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="94"/>
        <source>撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="95"/>
        <source>作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="96"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="97"/>
        <source>补打</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="98"/>
        <source>容缺到期</source>
        <translation>Deferrals due</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="99"/>
        <source>平台已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="100"/>
        <source>未同步</source>
        <translation>Unsynced</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="105"/>
        <source>评价（差评）</source>
        <translation>Ratings (bad)</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="106"/>
        <source>应缴</source>
        <translation>Fees recorded</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="107"/>
        <source>已缴</source>
        <translation>Fees paid</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="108"/>
        <source>待缴</source>
        <translation>Fees unpaid</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="123"/>
        <source>平台尚未确认的本机当日办件</source>
        <translation>This workstation&apos;s cases of the day the platform has not acknowledged</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="126"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="126"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="126"/>
        <source>最后一次同步结果</source>
        <translation>Last sync result</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="216"/>
        <source>该日尚未到来：没有可对账的办件，也不能日结。</source>
        <translation>This day has not come yet: nothing to reconcile, and it cannot be signed off.</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="218"/>
        <source>对账无误：本机当日受理的办件均已被平台确认。</source>
        <translation>Reconciled: every case taken here that day is acknowledged by the platform.</translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="224"/>
        <source>%n 件办件平台尚未确认；有未同步办件的窗口：{windows}。</source>
        <translation>
            <numerusform>%n case not acknowledged by the platform; windows with unsynced cases: {windows}.</numerusform>
            <numerusform>%n cases not acknowledged by the platform; windows with unsynced cases: {windows}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="232"/>
        <source>%n 件办件的本机记录被改动或删除，与加密封存的版本不符：{cases}。请联系信息技术人员运行 counter-app doctor。</source>
        <translation>
            <numerusform>The local record of %n case was altered or deleted and no longer matches its sealed version: {cases}. Call IT to run counter-app doctor.</numerusform>
            <numerusform>The local records of %n cases were altered or deleted and no longer match their sealed versions: {cases}. Call IT to run counter-app doctor.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="239"/>
        <source>正在核对本机记录……</source>
        <translation>Checking this PC&apos;s records…</translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="248"/>
        <source>本日已由 {who} 于 {at} 签署日结（本机共 %n 次）。</source>
        <translation>
            <numerusform>{who} signed this day off at {at} (%n sign-off at this workstation).</numerusform>
            <numerusform>{who} signed this day off at {at} (%n sign-offs at this workstation).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="260"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="264"/>
        <source>一件事：{figures}</source>
        <translation>One-thing bundles: {figures}</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="266"/>
        <source>一件事的每个办件已按其事项计入上表。</source>
        <translation>Each case of a bundle is already counted above under its own item.</translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="280"/>
        <source>本窗口请求值班长审批的事项：当日已决定 %n 项</source>
        <translation>
            <numerusform>This window’s requests to the supervisors: %n decided that day</numerusform>
            <numerusform>This window’s requests to the supervisors: %n decided that day</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="282"/>
        <source>仍待审批 %n 项（不影响日结签署）</source>
        <translation>
            <numerusform>%n still waiting (the day can still be signed off)</numerusform>
            <numerusform>%n still waiting (the day can still be signed off)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="315"/>
        <source>注意：%n 件办件平台尚未确认，签署后仍会如实报送（窗口被标记）。</source>
        <translation>
            <numerusform>Note: %n case is not acknowledged by the platform; it is reported as it is once signed (the window is flagged).</numerusform>
            <numerusform>Note: %n cases are not acknowledged by the platform; they are reported as they are once signed (the window is flagged).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="259"/>
        <location filename="../end_of_day.py" line="288"/>
        <source>全大厅</source>
        <translation>Whole hall</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="114"/>
        <source>其他窗口的数据来自平台的大厅队列（评价为窗口评价器所评）：其文书、补打、网上评价、作废审批人与未同步办件只在其本机可见，表中记为“—”；全大厅的这几项只计本窗口，标有“本窗口”。</source>
        <translation>Other windows&apos; figures come from the platform&apos;s hall queue (ratings: those at the hall&apos;s evaluator): their documents, reprints, online ratings, voids&apos; approvers and unsynced cases are known only at their own workstation, shown as “—”; the whole hall&apos;s figures of these count this window alone, marked “this window”.</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="290"/>
        <source>（未同步！）</source>
        <translation> (unsynced!)</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="295"/>
        <source>{n}（{bad}）</source>
        <translation>{n} ({bad})</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="297"/>
        <source>{n}（{yuan} 元）</source>
        <translation>{n} (¥{yuan})</translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="323"/>
        <source>注意：%n 件办件的本机记录被改动或删除，签署后仍会如实报送（未对平）。</source>
        <translation>
            <numerusform>Note: the local record of %n case was altered or deleted; the day is signed off and reported as it is (not reconciled).</numerusform>
            <numerusform>Note: the local records of %n cases were altered or deleted; the day is signed off and reported as it is (not reconciled).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../end_of_day.py" line="331"/>
        <source>注意：本窗口尚有 %n 项审批请求待值班长决定；可以签署，报表如实列出。</source>
        <translation>
            <numerusform>Note: %n approval request of this window is still waiting for a supervisor; you may sign, the report lists it.</numerusform>
            <numerusform>Note: %n approval requests of this window are still waiting for a supervisor; you may sign, the report lists them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="339"/>
        <source>再次签署将另存一份报表，并再次报送平台。</source>
        <translation> Signing again archives another copy of the report and reports it to the platform again.</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="344"/>
        <source>签署 {day} 的日结</source>
        <translation>sign off the day {day}</translation>
    </message>
    <message>
        <location filename="../end_of_day.py" line="371"/>
        <source>{who} 已签署 {day} 的日结，报表已存档，将在下次同步时报送平台。</source>
        <translation>{who} signed off {day}; the report is archived and goes to the platform at the next sync.</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <location filename="../evaluation.py" line="100"/>
        <source>服务评价 好差评</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="108"/>
        <source>请您对本次服务进行评价</source>
        <translation>How was our service today?</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="112"/>
        <source>办件编号：{no}&#x3000;请点击屏幕上的按钮</source>
        <translation>Case number: {no} — please tap a button on the screen</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="124"/>
        <source>拒绝评价</source>
        <translation>I&apos;d rather not rate</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="141"/>
        <source>请选择不满意的原因（必选）：</source>
        <translation>Why were you dissatisfied? (pick one)</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="153"/>
        <source>您的意见（选填）：</source>
        <translation>Your comments (optional):</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="158"/>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="188"/>
        <source>✓ {choice}（已选）</source>
        <translation>✓ {choice} (chosen)</translation>
    </message>
</context>
<context>
    <name>ExpiredDocumentDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="146"/>
        <source>证件已过期</source>
        <translation>Document expired</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="151"/>
        <source>{holder}证件已于 {date} 过期。如仍在此证件上受理，请写明理由（例如：新证在办，已核验临时身份证明）。理由将随案件保存并记入审计日志。</source>
        <translation>The {holder}&apos;s document expired on {date}. To accept on it anyway, state the reason (for example: a new card is being issued; a temporary identity certificate was checked). The reason is kept with the case and written to the audit log.</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="162"/>
        <source>继续受理</source>
        <translation>Accept anyway</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="162"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="169"/>
        <source>请写明在过期证件上受理的理由。</source>
        <translation>State the reason for accepting on an expired document.</translation>
    </message>
</context>
<context>
    <name>FirstStartScreen</name>
    <message>
        <location filename="../first_start.py" line="52"/>
        <source>窗口受理系统 — 首次启动</source>
        <translation>Counter window — first start</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="57"/>
        <source>首次启动：在中心平台登记本机</source>
        <translation>First start: enrol this workstation with the central platform</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="63"/>
        <source>本机尚未在中心平台登记，暂不能受理。请信息技术人员填写平台地址和一次性登记码：登记成功并取得事项目录和工作日历后，才会显示登录界面；之后断网也能照常受理。</source>
        <translation>This workstation is not enrolled with the central platform yet, so it cannot accept cases. IT staff: type the platform address and the one-time enrolment code. The login appears once the enrolment has succeeded and the service catalog and working-day calendar have been downloaded; after that the window works offline too.</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="78"/>
        <source>可选：平台的 CA 证书文件</source>
        <translation>Optional: the platform&apos;s CA certificate file</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="79"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="87"/>
        <source>平台地址</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="88"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="89"/>
        <source>登记码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="96"/>
        <source>登记并同步</source>
        <translation>Enrol and sync</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="97"/>
        <source>使用配置文件…</source>
        <translation>Use a provisioning file…</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="130"/>
        <source>本机数据恢复自另一台电脑（设备 %1）的备份：请平台管理员签发替换登记码（%2），再在下方输入该登记码。登记后那台设备的办件归本机，缺少的会从平台取回。</source>
        <translation>This PC&apos;s data was restored from another PC&apos;s backup (device %1): ask the platform operator for a replacement enrolment code (%2), then type that code below. Once enrolled, that device&apos;s cases belong to this PC, and those missing come back from the platform.</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="143"/>
        <source>信息技术人员准备的 provision.toml</source>
        <translation>The provision.toml prepared by IT</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="153"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose the CA certificate file</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="153"/>
        <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="160"/>
        <source>选择配置文件</source>
        <translation>Choose the provisioning file</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="160"/>
        <source>配置文件 (*.toml);;所有文件 (*)</source>
        <translation>Provisioning files (*.toml);;All files (*)</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="182"/>
        <source>正在按配置文件 %1 登记并下载事项目录和工作日历…</source>
        <translation>Enrolling as the provisioning file %1 says and downloading the service catalog and calendar…</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="201"/>
        <source>正在登记并下载事项目录和工作日历…</source>
        <translation>Enrolling and downloading the service catalog and working-day calendar…</translation>
    </message>
</context>
<context>
    <name>HallHistoryDialog</name>
    <message>
        <location filename="../hall_queue.py" line="392"/>
        <source>办件 {case_no}（{window}）</source>
        <translation>Case {case_no} ({window})</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="398"/>
        <source>正在向平台查询……</source>
        <translation>Asking the platform…</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="404"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="404"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="404"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="404"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="404"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="420"/>
        <source>数据版本 {n}</source>
        <translation>Data version {n}</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="420"/>
        <source>平台进度</source>
        <translation>Platform progress</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="435"/>
        <source>平台上的记录（本办件由窗口 {window} 受理，完整记录在该窗口）</source>
        <translation>As the platform holds it (taken at window {window}; its full record is at that window)</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="443"/>
        <source>无法从平台取得该办件的记录：{reason}</source>
        <translation>Could not get this case&apos;s record from the platform: {reason}</translation>
    </message>
</context>
<context>
    <name>HallQueueScreen</name>
    <message>
        <location filename="../hall_queue.py" line="245"/>
        <source>办件编号、事项、一件事、窗口或受理人（Ctrl+F）</source>
        <translation>Case number, item, one-thing bundle, window or clerk (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="248"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="251"/>
        <source>全部审核状态</source>
        <translation>All review states</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="258"/>
        <source>全部办结时限</source>
        <translation>All time limits</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="259"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="260"/>
        <source>临近超期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="261"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="262"/>
        <source>审核 (&amp;V)</source>
        <translation>Re&amp;view</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="347"/>
        <source>显示最新的 {n} 件；请用查找或状态缩小范围</source>
        <translation>Showing the newest {n} cases; narrow them down with the search or a state</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="350"/>
        <source>共 {n} 件</source>
        <translation>Cases: {n}</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="354"/>
        <source>未找到与“{query}”相符的办件。可按办件编号的开头、事项编码或名称中的字、一件事名称中的字、完整的窗口编号或受理人的完整账号查找。</source>
        <translation>No case matches “{query}”. Search by the start of a case number, an item code or words of its name, words of a one-thing bundle&apos;s name, a whole window code or a clerk&apos;s whole account.</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../handover.py" line="103"/>
        <source>出件 — {case_no}</source>
        <translation>Hand over result — {case_no}</translation>
    </message>
    <message>
        <location filename="../handover.py" line="108"/>
        <source>申请人：{applicant}。请领取人将证件放在读卡器上：本人领取读申请人证件；他人代领读代领人证件，并核验授权委托书。</source>
        <translation>Applicant: {applicant}. The collector places their card on the reader: the applicant&apos;s own card, or for a proxy the proxy&apos;s card, with the power of attorney checked.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="123"/>
        <location filename="../handover.py" line="157"/>
        <source>尚未读卡</source>
        <translation>No card read yet</translation>
    </message>
    <message>
        <location filename="../handover.py" line="125"/>
        <source>已读证件</source>
        <translation>Card read</translation>
    </message>
    <message>
        <location filename="../handover.py" line="126"/>
        <source>领取人姓名</source>
        <translation>Collector&apos;s name</translation>
    </message>
    <message>
        <location filename="../handover.py" line="127"/>
        <source>或输入证件号码</source>
        <translation>Or type the ID number</translation>
    </message>
    <message>
        <location filename="../handover.py" line="128"/>
        <source>他人代领（凭授权委托书）(&amp;P)</source>
        <translation>Collected by a &amp;proxy (power of attorney)</translation>
    </message>
    <message>
        <location filename="../handover.py" line="131"/>
        <source>已核验申请人签署的授权委托书</source>
        <translation>Power of attorney signed by the applicant checked</translation>
    </message>
    <message>
        <location filename="../handover.py" line="137"/>
        <source>委托书上的申请人证件号码</source>
        <translation>Applicant&apos;s ID number on the power of attorney</translation>
    </message>
    <message>
        <location filename="../handover.py" line="141"/>
        <source>确认出件</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../handover.py" line="141"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../handover.py" line="174"/>
        <source>请读取领取人的证件，或输入其证件号码。</source>
        <translation>Read the collector&apos;s card, or type their ID number.</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <location filename="../intake/document_kinds.py" line="13"/>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="17"/>
        <source>居民户口簿</source>
        <translation>Household register</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="19"/>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="23"/>
        <source>港澳居民来往内地通行证</source>
        <translation>HK/Macao mainland travel permit</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="28"/>
        <source>港澳台居民居住证</source>
        <translation>HK/Macao/Taiwan residence permit</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="33"/>
        <source>外国人永久居留身份证（2023版）</source>
        <translation>Foreign permanent residence card (2023)</translation>
    </message>
    <message>
        <location filename="../intake/document_kinds.py" line="38"/>
        <source>外国人永久居留身份证（2017版）</source>
        <translation>Foreign permanent residence card (2017)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="110"/>
        <source>申请人  [F2 读卡]</source>
        <translation>Applicant  [F2 read card]</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="160"/>
        <source>窗口领取</source>
        <translation>Pick-up at this hall</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="161"/>
        <source>邮寄送达（EMS）</source>
        <translation>Postal delivery (EMS)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="165"/>
        <source>邮寄地址（选择邮寄送达时必填）</source>
        <translation>Postal address (required for postal delivery)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="181"/>
        <location filename="../intake/identity_panel.py" line="225"/>
        <source>申请人类型</source>
        <translation>Applicant type</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="185"/>
        <source>录入机读码 (Ctrl+M)</source>
        <translation>Enter MRZ (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="188"/>
        <location filename="../intake/identity_panel.py" line="227"/>
        <source>证件类型</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="193"/>
        <location filename="../intake/identity_panel.py" line="413"/>
        <source>英文姓名</source>
        <translation>English name</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="454"/>
        <source>{fields}中的 {characters} 打印字体里没有，出具文书时会被拒绝：请核对更正；若确是该字，请联系信息技术人员配置含此字的字体。</source>
        <translation>{characters} in {fields} is not in the printing fonts: issuing a document would be refused. Check and correct it; if the character is right, ask IT for a font that has it.</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="30"/>
        <source>个人</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="31"/>
        <source>法人</source>
        <translation>Legal person</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="32"/>
        <source>其他组织</source>
        <translation>Other organisation</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="38"/>
        <source>经办人到场办理（单位申请必须登记）</source>
        <translation>Agent present (required for an organisation)</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="39"/>
        <source>代办（他人到场办理）(&amp;D)</source>
        <translation>Agent (someone else came) (&amp;D)</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="59"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="73"/>
        <source>单位名称</source>
        <translation>Organisation name</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="75"/>
        <location filename="../intake/identity_panel.py" line="197"/>
        <location filename="../intake/identity_panel.py" line="228"/>
        <location filename="../intake/identity_panel.py" line="412"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="198"/>
        <location filename="../intake/identity_panel.py" line="414"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="202"/>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="206"/>
        <location filename="../intake/identity_panel.py" line="230"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="209"/>
        <source>文书语言(&amp;Y)</source>
        <translation>Document language (&amp;Y)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="214"/>
        <location filename="../intake/identity_panel.py" line="232"/>
        <source>民族/国籍</source>
        <translation>Ethnicity/nationality</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="215"/>
        <location filename="../intake/identity_panel.py" line="415"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="216"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="221"/>
        <location filename="../intake/identity_panel.py" line="234"/>
        <source>结果领取</source>
        <translation>Result delivery</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="211"/>
        <source>文书语言</source>
        <translation>Document language</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="226"/>
        <source>代办（他人到场办理）</source>
        <translation>Agent (someone else came)</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="235"/>
        <location filename="../intake/identity_panel.py" line="418"/>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="260"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="270"/>
        <location filename="../intake/identity_panel.py" line="508"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="287"/>
        <source>请将证件放在读卡器上</source>
        <translation>Place the card on the reader</translation>
    </message>
    <message>
        <location filename="../intake/identity_validation.py" line="46"/>
        <source>出生日期与证件号码不一致，请核对。</source>
        <translation>The birth date does not match the ID number; please check.</translation>
    </message>
    <message>
        <location filename="../intake/identity_validation.py" line="52"/>
        <source>性别与证件号码不一致，请核对。</source>
        <translation>The sex does not agree with the ID number: check it.</translation>
    </message>
    <message>
        <location filename="../intake/identity_validation.py" line="54"/>
        <source>号码校验通过</source>
        <translation>Number checks out</translation>
    </message>
    <message>
        <location filename="../intake/identity_validation.py" line="76"/>
        <source>请填写申请人姓名</source>
        <translation>Enter the applicant&apos;s name</translation>
    </message>
    <message>
        <location filename="../intake/identity_validation.py" line="83"/>
        <source>请读卡或填写证件号码</source>
        <translation>Read the card or type the ID number</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="31"/>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="32"/>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="131"/>
        <source>照片无法在本机解码</source>
        <translation>Photo cannot be decoded on this workstation</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="133"/>
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../intake/identity_panel.py" line="256"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="129"/>
        <source>照片为 JPEG 2000 格式，本机无法显示</source>
        <translation>The photo is JPEG 2000, which this workstation cannot show</translation>
    </message>
    <message>
        <location filename="../intake/identity_reading.py" line="144"/>
        <source>来自芯片</source>
        <translation>from chip</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="31"/>
        <source>读卡器读取</source>
        <translation>Read by the card reader</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="32"/>
        <source>来自芯片：姓名、证件号码、性别、出生日期、国籍、有效期、照片（BAC 读取）</source>
        <translation>From chip: name, document number, sex, birth date, nationality, expiry, photo (read with BAC)</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="36"/>
        <source>护照机读码录入（未读芯片）</source>
        <translation>Passport MRZ entered (chip not read)</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="37"/>
        <source>手工录入</source>
        <translation>Typed by hand</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="38"/>
        <source>批量导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../intake/identity_provenance.py" line="73"/>
        <source>申请人证件已过期（有效期至 {date}）：本次以{role}证件受理，无须说明理由。</source>
        <translation>The applicant&apos;s document has expired (valid until {date}): this case is taken on the {role}&apos;s document, so no reason is needed.</translation>
    </message>
    <message>
        <location filename="../intake/agent_panel.py" line="175"/>
        <location filename="../intake/identity_provenance.py" line="81"/>
        <source>证件已过期（有效期至 {date}）：受理须说明理由。</source>
        <translation>The document has expired (valid until {date}): accepting needs a stated reason.</translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../intake/decision_panel.py" line="43"/>
        <source>受理判断</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="126"/>
        <source>请先读卡并选择事项。</source>
        <translation>Read the card and choose the service item first.</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="194"/>
        <source>继续办理  Ctrl+O</source>
        <translation>Continue that case  Ctrl+O</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="76"/>
        <source>受理  F5</source>
        <translation>Accept  F5</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="77"/>
        <source>一次性告知  F6</source>
        <translation>One-time notice  F6</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="78"/>
        <source>容缺受理（值班长）  F7</source>
        <translation>Accept, defer (supervisor)  F7</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="79"/>
        <source>不予受理  F8</source>
        <translation>Refuse  F8</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="80"/>
        <source>打印上一件  F9</source>
        <translation>Print last  F9</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="81"/>
        <source>下一位  Ctrl+N</source>
        <translation>Next applicant  Ctrl+N</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="82"/>
        <source>查电子证照  F4</source>
        <translation>E-licences  F4</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="86"/>
        <source>办理一件事  Ctrl+Enter</source>
        <translation>Handle the bundle  Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="107"/>
        <source>容缺受理：只缺非核心材料时，经值班长审批先行受理，申请人在期限内补交所缺材料。</source>
        <translation>Deferred acceptance: when only non-core materials are missing, accept now with a supervisor’s approval; the applicant hands them in by the deadline.</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="113"/>
        <source>一次性告知：材料不齐时出具告知书，一次写明须补正的全部材料，申请人补齐后继续办理。</source>
        <translation>One-time notice: when materials are missing, issue a notice naming every material to supply at once; the case goes on when the applicant brings them.</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="170"/>
        <source>撤回审批请求  Ctrl+W</source>
        <translation>Withdraw the approval request  Ctrl+W</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="217"/>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="243"/>
        <source>重新排队(&amp;Q)</source>
        <translation>Re-&amp;queue</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="291"/>
        <source>一件事不作不予受理：请取消勾选该事项，办理一件事后再单独选择该事项（F3）作出决定。</source>
        <translation>A one-thing bundle is not refused as a whole: untick that item, handle the bundle, then choose the item alone (F3) to decide it.</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="313"/>
        <source>注意：{holder}证件已过期（有效期至 {date}），受理时须说明理由。</source>
        <translation>Note: the {holder}&apos;s document has expired (valid until {date}); accepting needs a stated reason.</translation>
    </message>
    <message>
        <location filename="../intake/exemptions.py" line="91"/>
        <location filename="../intake/exemptions.py" line="98"/>
        <location filename="../intake/exemptions.py" line="197"/>
        <source>无法查询电子证照</source>
        <translation>Cannot look up e-licences</translation>
    </message>
    <message>
        <location filename="../intake/exemptions.py" line="92"/>
        <source>请先读取申请人的证件（或录入证件号码）并选择事项。</source>
        <translation>Read the applicant&apos;s card (or type the ID number) and choose the item first.</translation>
    </message>
    <message>
        <location filename="../intake/exemptions.py" line="138"/>
        <source>申请人授权</source>
        <translation>Applicant&apos;s authorisation</translation>
    </message>
    <message>
        <location filename="../intake/exemptions.py" line="139"/>
        <source>请申请人在“随申办”生成电子证照授权码，并输入：</source>
        <translation>Ask the applicant for the e-licence authorisation code from the app, and enter it:</translation>
    </message>
    <message>
        <location filename="../intake/exemptions.py" line="198"/>
        <source>申请人的证件是较早前读取的，平台只把最近半小时内的读卡视为申请人当面授权。请重新读取申请人的证件（F2）后再按 F4。</source>
        <translation>The applicant&apos;s card was read a while ago, and the platform takes only a card read within the last half hour as the applicant&apos;s consent in person. Read the applicant&apos;s card again (F2), then press F4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/screen.py" line="349"/>
        <source>已改选事项「{item}」：原事项的 %n 项材料标记已清除。</source>
        <translation>
            <numerusform>Item changed to “{item}”: %n mark of the previous item was cleared.</numerusform>
            <numerusform>Item changed to “{item}”: %n marks of the previous item were cleared.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="364"/>
        <source>请先选择办理情形</source>
        <translation>Choose the situation first</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="366"/>
        <source>网上预申请</source>
        <translation>The online pre-application</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="366"/>
        <source>保存的表单</source>
        <translation>The saved form</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="369"/>
        <source>{origin}所选的办理情形（{code}）已不在事项目录中，请在「情形」中重新选择；所选情形中相同的材料保留已有标记（含电子材料）。</source>
        <translation>{origin} chose a situation ({code}) that is no longer in the catalog: choose one under “Situation”; materials the chosen situation also has keep their marks (electronic ones included).</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/screen.py" line="388"/>
        <source>已选择情形：%n 项已标记的材料予以保留</source>
        <translation>
            <numerusform>Situation chosen: %n marked material kept</numerusform>
            <numerusform>Situation chosen: %n marked materials kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/screen.py" line="390"/>
        <source>；%n 项本情形不需要，未保留</source>
        <translation>
            <numerusform>; %n not needed in this situation, not kept</numerusform>
            <numerusform>; %n not needed in this situation, not kept</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="391"/>
        <location filename="../intake/screen.py" line="407"/>
        <source>。</source>
        <translation>.</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/screen.py" line="403"/>
        <source>已改为情形「{situation}」：保留 %n 项材料标记</source>
        <translation>
            <numerusform>Situation changed to “{situation}”: %n material mark kept</numerusform>
            <numerusform>Situation changed to “{situation}”: %n material marks kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/screen.py" line="406"/>
        <source>；%n 项本情形不需要，已移除</source>
        <translation>
            <numerusform>; %n not needed in this situation, removed</numerusform>
            <numerusform>; %n not needed in this situation, removed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="414"/>
        <source>《{material}》在本情形不能标为“{status}”，已改为未收。</source>
        <translation>“{material}” cannot be marked “{status}” in this situation: set to not received.</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="459"/>
        <source>请选择办理事项（F3）</source>
        <translation>Choose the service item (F3)</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="466"/>
        <source>缺少：{name}</source>
        <translation>Missing: {name}</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="326"/>
        <source>注意：证件信息与本情形的申请条件不符，受理时须说明理由：</source>
        <translation>Note: the identity document contradicts the conditions of this situation; accepting needs a reason:</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="338"/>
        <source>告知承诺：申请人须当场签署书面承诺（{materials}），承诺不实的依法承担责任。</source>
        <translation>Commitment: the applicant signs a written commitment here ({materials}) and is liable by law if it is untrue.</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="349"/>
        <source>材料齐全，可以受理（F5）。</source>
        <translation>All materials are here: ready to accept (F5).</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="353"/>
        <source>暂不能受理：</source>
        <translation>Cannot accept yet:</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="358"/>
        <source>所缺均为非核心材料，可容缺受理（F7，需值班长审批）。</source>
        <translation>Only non-core materials are missing: deferred acceptance is possible (F7, supervisor approval).</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="61"/>
        <source>已读取证件，可取走</source>
        <translation>Card read; it can be removed</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="97"/>
        <source>另一位申请人的证件</source>
        <translation>Another applicant&apos;s card</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="98"/>
        <source>读到另一位申请人的证件（{holder}）。开始新的受理？当前表单的内容将清空。</source>
        <translation>This card belongs to another applicant ({holder}). Start a new intake? The current form will be cleared.</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="103"/>
        <source>开始新的受理</source>
        <translation>Start a new intake</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="104"/>
        <source>保留当前表单</source>
        <translation>Keep the current form</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="111"/>
        <source>此人为代办人</source>
        <translation>This person is the agent</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="122"/>
        <source>已忽略另一位申请人的证件，当前表单未改动</source>
        <translation>Another applicant&apos;s card was ignored; the current form is unchanged</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="172"/>
        <source>事项已停办，不能按此受理，请告知申请人</source>
        <translation>item withdrawn: cannot be taken from this; tell the applicant</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="186"/>
        <source>按网上申报填写受理表单  Ctrl+Y</source>
        <translation>Fill in from the online pre-application  Ctrl+Y</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="228"/>
        <source>优先号 {number}</source>
        <translation>priority ticket {number}</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="239"/>
        <source>{fact}申请人现已到厅，可按“重新排队”让其重新排队（保留优先）。</source>
        <translation>{fact} The applicant is here now: press “Re-queue” to put them back in the queue (priority kept).</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="245"/>
        <source>优先号 {number} 重新排队</source>
        <translation>Re-queue priority ticket {number}</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="270"/>
        <source>优先号 {number} 已重新排队（保留优先）</source>
        <translation>Priority ticket {number} is back in the queue (priority kept)</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/card_reading.py" line="317"/>
        <source>该申请人有一次性告知待补齐的办件 {case_no}（{item}）等 %n 件。</source>
        <translation>
            <numerusform>This applicant has a case waiting after a one-time notice: {case_no} ({item}).</numerusform>
            <numerusform>This applicant has %n cases waiting after a one-time notice, latest {case_no} ({item}).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="336"/>
        <source>证件已取走，信息已保留</source>
        <translation>Card removed; the details are kept</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="54"/>
        <location filename="../intake/decisions.py" line="59"/>
        <source>申请人信息不完整</source>
        <translation>Applicant details incomplete</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="64"/>
        <source>请选择事项</source>
        <translation>Choose a service item</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="65"/>
        <source>请先按 F3 搜索并选择办理事项。</source>
        <translation>Press F3 to search and choose the service item first.</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="70"/>
        <location filename="../intake/screen.py" line="459"/>
        <source>请选择办理情形</source>
        <translation>Choose the situation</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="71"/>
        <source>请选择办理情形：在「情形」列表中选定申请人的情形。</source>
        <translation>Choose the situation: pick the applicant’s situation in the “Situation” list.</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="77"/>
        <source>服务对象不符</source>
        <translation>Not for this applicant type</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="81"/>
        <source>暂不能受理</source>
        <translation>Cannot accept yet</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="82"/>
        <source>还缺少：{items}</source>
        <translation>Still missing: {items}</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="84"/>
        <source>可以按 F6 出具一次性告知书，告知申请人需补正的全部材料；缺少的若都是非核心材料，可将其标为“容缺后补”并填写期限，按 F7 容缺受理（须值班长审批）。</source>
        <translation>Press F6 to issue a one-time notice listing everything the applicant must supply; if only non-core materials are missing, mark them “deferred” with a deadline and press F7 for deferred acceptance (a supervisor approves).</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="94"/>
        <source>不能容缺受理</source>
        <translation>Deferred acceptance not possible</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="95"/>
        <source>只有非核心材料可以容缺，且须标为“容缺后补”并填写期限。</source>
        <translation>Only non-core materials can be deferred; mark them &quot;Deferred&quot; with a due date.</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="102"/>
        <source>材料已齐全</source>
        <translation>Nothing is missing</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="103"/>
        <source>材料已经齐全，请直接受理（F5）。</source>
        <translation>Nothing is missing; accept the case (F5).</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="144"/>
        <source>一件事的各事项按各自的材料情况分别受理、容缺受理或一次性告知，请按 Ctrl+Enter 办理一件事。</source>
        <translation>Each item of the bundle is accepted, accepted with deferred materials or given a one-time notice by its own materials; press Ctrl+Enter to handle the bundle.</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="199"/>
        <source>确认受理</source>
        <translation>Confirm acceptance</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="200"/>
        <source>确认一次性告知</source>
        <translation>Confirm one-time notice</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="201"/>
        <source>确认容缺受理</source>
        <translation>Confirm deferred acceptance</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="202"/>
        <source>确认不予受理</source>
        <translation>Confirm refusal</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="114"/>
        <location filename="../intake/agent_switch.py" line="134"/>
        <location filename="../intake/agent_switch.py" line="141"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="143"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../intake/agent_switch.py" line="156"/>
        <source>{name}（{number}），{relation}，{authorization}</source>
        <translation>{name} ({number}), {relation}, {authorization}</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="213"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="169"/>
        <location filename="../intake/decisions.py" line="217"/>
        <source>已收/免交材料</source>
        <translation>Received/exempt</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="170"/>
        <location filename="../intake/decisions.py" line="218"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="222"/>
        <source>缺少材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="224"/>
        <source>承诺时限</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="258"/>
        <source>即办件，当场办结</source>
        <translation>Immediate item, done on the spot</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/decisions.py" line="259"/>
        <source>%n 个工作日</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="228"/>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="229"/>
        <source>{amount}，缴费后办理</source>
        <translation>{amount}, processed once paid</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="236"/>
        <source>补齐期限</source>
        <translation>Deferred materials due</translation>
    </message>
    <message>
        <location filename="../intake/decisions.py" line="239"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="58"/>
        <location filename="../intake/bundle_decision.py" line="166"/>
        <location filename="../intake/decisions.py" line="55"/>
        <source>一件事</source>
        <translation>One-thing bundle</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="59"/>
        <location filename="../intake/bundle_mode.py" line="194"/>
        <source>请至少勾选一个要办理的事项</source>
        <translation>Tick at least one item to handle</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="87"/>
        <source>暂不能办理一件事</source>
        <translation>The bundle cannot be handled yet</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="175"/>
        <source>本次不办理</source>
        <translation>Not this time</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="178"/>
        <source>已有办件</source>
        <translation>Earlier cases</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="187"/>
        <location filename="../intake/decisions.py" line="244"/>
        <source>不符合申请条件仍受理的理由</source>
        <translation>Reason for accepting against the eligibility conditions</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="190"/>
        <location filename="../intake/decisions.py" line="247"/>
        <source>文书语言</source>
        <translation>Document language</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="192"/>
        <source>确认办理一件事</source>
        <translation>Confirm the one-thing bundle</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="77"/>
        <source>{bundle}；容缺受理：{items}</source>
        <translation>{bundle}; accepted with deferred materials: {items}</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="86"/>
        <source>容缺受理</source>
        <translation>Deferred acceptance</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="243"/>
        <source>“{name}”已办理，共 {count} 件：</source>
        <translation>“{name}” handled, {count} case(s):</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="252"/>
        <source>，承诺 {date} 前办结</source>
        <translation>, to be completed by {date}</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="123"/>
        <source>{item}；容缺：{materials}</source>
        <translation>{item}; deferred: {materials}</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="135"/>
        <source>{item}容缺：{materials}</source>
        <translation>{item}: deferred {materials}</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="144"/>
        <source>{bundle}；{members}</source>
        <translation>{bundle}; {members}</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/deferral_approval.py" line="164"/>
        <source>受理后 %n 个工作日内（不晚于承诺办结日）</source>
        <translation>
            <numerusform>within %n working day of acceptance (not after the promised date)</numerusform>
            <numerusform>within %n working days of acceptance (not after the promised date)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="175"/>
        <source>已请求值班长审批容缺受理，正在等待答复……已填写的内容保留；可先处理其他工作。</source>
        <translation>A supervisor was asked to approve the deferred acceptance; waiting for the answer… What you entered is kept; you may do other work meanwhile.</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="193"/>
        <source>审批请求已过期</source>
        <translation>Approval request expired</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="196"/>
        <source>值班长未批准</source>
        <translation>Not approved by the supervisor</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="197"/>
        <source>{who} 未批准容缺受理：{reason}</source>
        <translation>{who} did not approve the deferred acceptance: {reason}</translation>
    </message>
    <message>
        <location filename="../intake/deferral_approval.py" line="205"/>
        <source>正在等待值班长答复，但暂时联系不上平台：{error}</source>
        <translation>Waiting for the supervisor&apos;s answer, but the platform cannot be reached just now: {error}</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="279"/>
        <location filename="../intake/decisions.py" line="333"/>
        <source>未能保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../intake/print_and_evaluate.py" line="46"/>
        <source>打印上一件</source>
        <translation>Print the last case</translation>
    </message>
    <message>
        <location filename="../intake/print_and_evaluate.py" line="59"/>
        <source>本次登录尚无已办结的办件。</source>
        <translation>No case has been decided since you signed in.</translation>
    </message>
    <message>
        <location filename="../intake/print_and_evaluate.py" line="79"/>
        <source>文件：{path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <location filename="../intake/print_and_evaluate.py" line="105"/>
        <source>已发送到打印机。</source>
        <translation>Sent to the printer.</translation>
    </message>
    <message>
        <location filename="../intake/print_and_evaluate.py" line="107"/>
        <source>打印失败：{e} 案件已保存，可稍后在案件详情中打印（Ctrl+P）。</source>
        <translation>Printing failed: {e} The case is saved; print it later from the case detail (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../intake/decision_panel.py" line="219"/>
        <location filename="../intake/screen.py" line="525"/>
        <source>清空表单</source>
        <translation>Clear the form</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="525"/>
        <source>当前内容尚未受理，确定清空并接待下一位吗？</source>
        <translation>This application has not been decided. Clear it and serve the next applicant?</translation>
    </message>
    <message>
        <location filename="../intake/screen.py" line="565"/>
        <source>请将证件放在读卡器上</source>
        <translation>Place the card on the reader</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="62"/>
        <source>已读取护照芯片，可取走</source>
        <translation>Passport chip read; the passport can be taken</translation>
    </message>
    <message>
        <location filename="../intake/card_reading.py" line="361"/>
        <source>机读码已录入，等待读取护照芯片</source>
        <translation>MRZ entered; waiting to read the passport chip</translation>
    </message>
    <message>
        <location filename="../intake/bundle_decision.py" line="184"/>
        <location filename="../intake/decisions.py" line="241"/>
        <source>过期证件受理理由</source>
        <translation>Reason for accepting an expired document</translation>
    </message>
    <message>
        <location filename="../intake/over_limit_approval.py" line="36"/>
        <source>暂停新受理</source>
        <translation>New intake paused</translation>
    </message>
    <message>
        <location filename="../intake/over_limit_approval.py" line="45"/>
        <source>值班长审批本次受理</source>
        <translation>Supervisor approves this decision</translation>
    </message>
    <message>
        <location filename="../intake/over_limit_approval.py" line="49"/>
        <source>值班长在本机输入本人账号和密码并写明理由，批准超出离线上限受理这一件；已填写的内容保留。</source>
        <translation>The supervisor signs in on this screen with their own account and states why, approving this one decision past the offline limit; everything entered is kept.</translation>
    </message>
    <message>
        <location filename="../intake/over_limit_approval.py" line="69"/>
        <source>超出离线上限受理本件</source>
        <translation>This decision past the offline limit</translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/clock_warning.py" line="42"/>
        <source>约 %n 分钟</source>
        <translation>
            <numerusform>about %n minute</numerusform>
            <numerusform>about %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../intake/clock_warning.py" line="44"/>
        <source>约 %n 小时</source>
        <translation>
            <numerusform>about %n hour</numerusform>
            <numerusform>about %n hours</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../intake/clock_warning.py" line="47"/>
        <source>快</source>
        <comment>clock ahead</comment>
        <translation>ahead of</translation>
    </message>
    <message>
        <location filename="../intake/clock_warning.py" line="49"/>
        <source>慢</source>
        <comment>clock behind</comment>
        <translation>behind</translation>
    </message>
    <message>
        <location filename="../intake/clock_warning.py" line="51"/>
        <source>本机时钟比中心平台{direction}{offset}：受理时间、办件编号的日期和承诺日期都取自本机时钟，回执会按这个时间打印，同步也已暂停。{check}；{platform_wrong}受理可照常进行。</source>
        <translation>This workstation&apos;s clock is {offset} {direction} the central platform&apos;s. A case&apos;s time, the day in its case number and its promised date come from this clock and the receipt prints them as they are; sync is paused. {check}. {platform_wrong} Cases can still be taken.</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="79"/>
        <source>事项目录已更新为第 {version} 版</source>
        <translation>The service catalog was updated to version {version}</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="83"/>
        <location filename="../intake/catalog_updates.py" line="85"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="100"/>
        <source>“{name}”已停办，不能再受理。请告知申请人；如需办理其他事项，请重新选择（F3），已录入的申请人信息保留。</source>
        <translation>&quot;{name}&quot; was withdrawn and can no longer be accepted. Tell the applicant; for another item choose it again (F3); the applicant&apos;s details entered are kept.</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="114"/>
        <source>情形“{old}”已取消，已改为“{new}”</source>
        <translation>situation &quot;{old}&quot; was withdrawn, changed to &quot;{new}&quot;</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="132"/>
        <source>新增 {names}（未收）</source>
        <translation>added {names} (not received)</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="136"/>
        <source>取消 {names}（已从清单移除）</source>
        <translation>removed {names} (taken off the checklist)</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="142"/>
        <source>{names}（已改为未收）</source>
        <translation>{names} (set to not received)</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="144"/>
        <source>“{old}”改为“{new}”</source>
        <translation>“{old}” is now “{new}”</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="148"/>
        <source>“{name}”的材料标准有变</source>
        <translation>the standard of “{name}” changed</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="155"/>
        <source>本事项的规定有变化（收费、时限或材料要求），请核对</source>
        <translation>this item&apos;s rules changed (fee, time limit or material requirements); please check</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="156"/>
        <source>本事项材料清单有变化（{changes}），请核对</source>
        <translation>this item&apos;s materials checklist changed ({changes}); please check</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="157"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="167"/>
        <source>“{name}”已不再提供，请逐项选择要办理的事项（F3），已录入的申请人信息保留。</source>
        <translation>“{name}” is no longer offered: choose the items one by one (F3); the applicant&apos;s data entered is kept.</translation>
    </message>
    <message>
        <location filename="../intake/catalog_updates.py" line="172"/>
        <source>请核对一件事的事项、情形和材料</source>
        <translation>Check the bundle&apos;s items, situations and materials</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="105"/>
        <source>表单已自动保存（{at}），关闭窗口或退出登录后，下次登录时恢复。</source>
        <translation>The form was saved automatically ({at}); after closing the window or signing out it comes back at your next sign-in.</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="122"/>
        <source>保存的表单所选事项（{code}）已不在第 {version} 版事项目录中（已停办），请重新选择事项（F3）。</source>
        <translation>The item of the saved form ({code}) is no longer in catalog version {version} (withdrawn); choose the item again (F3).</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="152"/>
        <source>未选事项</source>
        <translation>no item chosen</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="153"/>
        <source>已恢复您上次未办完的表单：申请人 {name}，事项「{item}」{saved}。请核对是否为眼前的申请人，再继续办理或清空表单。</source>
        <translation>Your unfinished form was restored: applicant {name}, item “{item}”{saved}. Check that this is the applicant in front of you, then continue or clear the form.</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="158"/>
        <source>（未填姓名）</source>
        <translation>(no name entered)</translation>
    </message>
    <message>
        <location filename="../intake/drafts.py" line="160"/>
        <source>，保存于 {at}</source>
        <translation>, saved {at}</translation>
    </message>
    <message>
        <location filename="../intake/earlier_cases.py" line="155"/>
        <source>{item}：{cases}</source>
        <translation>{item}: {cases}</translation>
    </message>
    <message>
        <location filename="../intake/earlier_cases.py" line="188"/>
        <source>办件 {case_no}（{state}，{time}）</source>
        <translation>case {case_no} ({state}, {time})</translation>
    </message>
    <message>
        <location filename="../intake/earlier_cases.py" line="193"/>
        <source>该申请人已有同一事项的办件：{cases}</source>
        <translation>The applicant already has a case of this item: {cases}</translation>
    </message>
    <message>
        <location filename="../intake/earlier_cases.py" line="178"/>
        <source>该证件号码已登记为另一姓名：{names}</source>
        <translation>This ID number is on file under another name: {names}</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="139"/>
        <source>（{items}共用）</source>
        <translation>(shared by {items})</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="199"/>
        <source>可以办理一件事（Ctrl+Enter）：各事项的结果见“一件事包含的事项”。</source>
        <translation>The bundle can be handled (Ctrl+Enter): each item&apos;s outcome is under “Items of the one-thing bundle”.</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="206"/>
        <source>申请人信息完整并勾选事项后，这里显示各事项将如何办理。</source>
        <translation>Once the applicant&apos;s data is complete and items are ticked, this shows how each item will be handled.</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="235"/>
        <source>本次不办理（可单独受理）</source>
        <translation>Not this time (can be taken alone)</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="248"/>
        <source>将受理</source>
        <translation>Will be accepted</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="250"/>
        <source>将容缺受理（需值班长审批）</source>
        <translation>Will be accepted with deferred materials (supervisor&apos;s approval)</translation>
    </message>
    <message>
        <location filename="../intake/bundle_mode.py" line="252"/>
        <source>将一次性告知：缺{materials}</source>
        <translation>Will get a one-time notice: missing {materials}</translation>
    </message>
</context>
<context>
    <name>ItemSearch</name>
    <message>
        <location filename="../intake/item_search.py" line="56"/>
        <source>办理事项  [F3 搜索]</source>
        <translation>Service item  [F3 search]</translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="62"/>
        <source>输入事项名称、编码或拼音首字母，如 jzz</source>
        <translation>Item name, code or pinyin initials, e.g. jzz</translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="76"/>
        <location filename="../intake/item_search.py" line="198"/>
        <source>尚未选择事项</source>
        <translation>No item chosen yet</translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="84"/>
        <source>情形</source>
        <translation>Situation</translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="127"/>
        <source>最近：</source>
        <translation>Recent: </translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="140"/>
        <source>「一件事」{name}  ·  {count} 项</source>
        <translation>「One-thing」{name}  ·  {count} items</translation>
    </message>
    <message>
        <location filename="../intake/item_search.py" line="165"/>
        <source>收费 {amount}，缴费后办理</source>
        <translation>Fee {amount}, processed once paid</translation>
    </message>
</context>
<context>
    <name>LicenceView</name>
    <message>
        <location filename="../case_materials.py" line="185"/>
        <source>电子证照 — {title}</source>
        <translation>E-licence — {title}</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../login.py" line="192"/>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../login.py" line="200"/>
        <source>正在办理的内容已保存，解锁后继续。</source>
        <translation>Your work in progress is saved; unlock to continue.</translation>
    </message>
    <message>
        <location filename="../login.py" line="207"/>
        <source>输入密码解锁</source>
        <translation>Password to unlock</translation>
    </message>
    <message>
        <location filename="../login.py" line="209"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../login.py" line="214"/>
        <source>锁屏期间读到证件，解锁后再处理。</source>
        <translation>A card was read while the screen was locked; it is dealt with after unlocking.</translation>
    </message>
    <message>
        <location filename="../login.py" line="220"/>
        <source>解锁 (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
    <message>
        <location filename="../login.py" line="224"/>
        <source>退出登录（换人）</source>
        <translation>Sign out (switch user)</translation>
    </message>
    <message>
        <location filename="../login.py" line="233"/>
        <source>当前用户：{name}（{user}）</source>
        <translation>Signed in: {name} ({user})</translation>
    </message>
    <message>
        <location filename="../login.py" line="248"/>
        <source>密码不正确。连续多次错误将锁定账号。</source>
        <translation>Wrong password. Repeated failures lock the account.</translation>
    </message>
    <message numerus="yes">
        <location filename="../login.py" line="250"/>
        <source>密码不正确。再输错 %n 次，账号将被锁定。</source>
        <translation>
            <numerusform>Wrong password. %n more wrong try locks the account.</numerusform>
            <numerusform>Wrong password. %n more wrong tries lock the account.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../login.py" line="254"/>
        <source>请输入密码。</source>
        <translation>Enter the password.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../login.py" line="60"/>
        <source>窗口受理系统</source>
        <translation>Counter intake</translation>
    </message>
    <message>
        <location filename="../login.py" line="77"/>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../login.py" line="78"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../login.py" line="79"/>
        <source>动态口令</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../login.py" line="83"/>
        <source>登录 (Enter)</source>
        <translation>Sign in (Enter)</translation>
    </message>
    <message>
        <location filename="../login.py" line="109"/>
        <source>受理员</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../login.py" line="110"/>
        <source>值班长</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../login.py" line="111"/>
        <source>管理员</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../login.py" line="113"/>
        <source>培训账号（仅培训模式显示）：</source>
        <translation>Training accounts (shown in training mode only):</translation>
    </message>
    <message>
        <location filename="../login.py" line="123"/>
        <source>请输入用户名和密码。</source>
        <translation>Enter username and password.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="129"/>
        <source>窗口受理 — {hall} {window}</source>
        <translation>Counter — {hall} {window}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="140"/>
        <source>培训模式 — 所有数据均为演示数据，不会提交到真实的政务平台</source>
        <translation>TRAINING MODE — all data is sample data and never reaches a real government platform</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="150"/>
        <source>{hall} · 窗口 {window}</source>
        <translation>{hall} · window {window}</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="123"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="81"/>
        <source>读卡器：未连接</source>
        <translation>Reader: not connected</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="83"/>
        <source>Ctrl+L 锁屏</source>
        <translation>Ctrl+L lock</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="129"/>
        <source>{name}（{role}）</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="133"/>
        <source>点击修改密码</source>
        <translation>Click to change your password</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="149"/>
        <source>读卡器：{state}</source>
        <translation>Reader: {state}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="320"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="129"/>
        <source>密码尚未修改：平台连上后请修改，下次登录时还会提醒。</source>
        <translation>Password not changed yet: change it once the platform is reachable; you will be asked again at your next sign-in.</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="139"/>
        <source>密码已修改，下次登录请使用新密码。</source>
        <translation>Password changed: sign in with the new one from now on.</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="156"/>
        <source>动态口令尚未设置：设置前不能审批；平台连上后下次登录时还会提醒。</source>
        <translation>One-time codes not set up yet: no approvals until then; you will be asked again at your next sign-in once the platform is reachable.</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="164"/>
        <source>动态口令已设置：以后登录和审批时，在密码之后输入它。</source>
        <translation>One-time codes set up: type the code after your password when you sign in or approve.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="74"/>
        <source>上次在本窗口登录：{at}</source>
        <translation>Last signed in at this window: {at}</translation>
    </message>
    <message numerus="yes">
        <location filename="../sign_in.py" line="78"/>
        <source>此后有 %n 次密码或动态口令错误，如非本人所为请告知管理员</source>
        <translation>
            <numerusform>%n failed attempt (password or one-time code) since; if that was not you, tell an administrator</numerusform>
            <numerusform>%n failed attempts (password or one-time code) since; if that was not you, tell an administrator</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="85"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="189"/>
        <source>该账号已被平台停用，已退出登录。</source>
        <translation>This account was disabled on the platform; it has been signed out.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="191"/>
        <source>该账号已被管理员停用，已退出登录。</source>
        <translation>This account was disabled by an administrator; it has been signed out.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="192"/>
        <source>该账号已从本大厅的账号中移除，已退出登录。</source>
        <translation>This account was removed from this hall&apos;s accounts; it has been signed out.</translation>
    </message>
</context>
<context>
    <name>MrzDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="114"/>
        <source>录入护照机读码</source>
        <translation>Enter passport MRZ</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="117"/>
        <source>请输入护照资料页底部的两行（或三行）机读码，扫描枪可直接输入。</source>
        <translation>Type the two (or three) MRZ lines at the bottom of the data page; an MRZ scanner can type them too.</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="127"/>
        <source>解析 (Ctrl+Enter)</source>
        <translation>Read (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="127"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <location filename="../hall_notices.py" line="90"/>
        <source>知道了 (Ctrl+J)</source>
        <translation>Got it (Ctrl+J)</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="103"/>
        <source>大厅通知（{at}）：{title} — {body}</source>
        <translation>Hall notice ({at}): {title} — {body}</translation>
    </message>
</context>
<context>
    <name>NoticeComposeDialog</name>
    <message>
        <location filename="../hall_notices.py" line="217"/>
        <source>发布大厅通知</source>
        <translation>Publish a hall notice</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="221"/>
        <source>通知将发送到本大厅的每个窗口（须连接平台）。</source>
        <translation>The notice goes to every window of this hall (the platform must be reachable).</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="224"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="229"/>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="236"/>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="236"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NoticesScreen</name>
    <message>
        <location filename="../hall_notices.py" line="136"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="136"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="136"/>
        <source>发布时间</source>
        <translation>Published at</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="136"/>
        <source>发布人</source>
        <translation>Published by</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="142"/>
        <source>选中一条通知可看全文；值班长发布的大厅通知会列在上方。</source>
        <translation>Choose a notice to read it in full; the notices supervisors publish to the hall are listed above.</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="146"/>
        <source>发布通知 (Ctrl+G)</source>
        <translation>Publish a notice (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="163"/>
        <source>已读</source>
        <translation>Read</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="163"/>
        <source>未读</source>
        <translation>Unread</translation>
    </message>
    <message>
        <location filename="../hall_notices.py" line="165"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <location filename="../password_change.py" line="50"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="112"/>
        <source>您的密码已使用超过 {days} 天：请更换后再开始办理。</source>
        <translation>Your password is more than {days} days old: change it before you start.</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="117"/>
        <source>您的密码是别人为您设置的：请先改为只有您自己知道的密码，再开始办理。</source>
        <translation>Your password was set by someone else: change it to one only you know before you start.</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="61"/>
        <source>本账号由平台统一管理：新密码在本大厅的所有窗口生效，须连接平台时更改。</source>
        <translation>This account is kept by the platform: the new password holds at every window of the hall, and it can be changed only while the platform is reachable.</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="75"/>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="76"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="77"/>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="82"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="83"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="83"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="84"/>
        <source>先继续办理，稍后再改</source>
        <translation>Work on, change it later</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="93"/>
        <source>请输入当前密码。</source>
        <translation>Type your current password.</translation>
    </message>
    <message>
        <location filename="../password_change.py" line="96"/>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
</context>
<context>
    <name>PlatformPaymentDialog</name>
    <message>
        <location filename="../payment.py" line="192"/>
        <source>办件 {case_no} 应缴 {amount}（缴费识别码 {reference}）。按申请人的缴费凭证登记，待缴费平台确认。</source>
        <translation>Case {case_no} owes {amount} (payment reference {reference}). Record it as the applicant&apos;s payment voucher shows it, pending the payment platform&apos;s confirmation.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="199"/>
        <source>缴费凭证上的缴费流水号</source>
        <translation>Transaction number on the payment voucher</translation>
    </message>
    <message>
        <location filename="../payment.py" line="200"/>
        <location filename="../payment.py" line="205"/>
        <source>登记平台缴费</source>
        <translation>Record platform payment</translation>
    </message>
</context>
<context>
    <name>PosPaymentDialog</name>
    <message>
        <location filename="../payment.py" line="181"/>
        <source>POS刷卡缴费</source>
        <translation>Card payment at the POS terminal</translation>
    </message>
    <message>
        <location filename="../payment.py" line="170"/>
        <source>办件 {case_no} 应缴 {amount}（缴费识别码 {reference}）。</source>
        <translation>Case {case_no} owes {amount} (payment reference {reference}).</translation>
    </message>
    <message>
        <location filename="../payment.py" line="175"/>
        <source>POS机签购单上的凭条号</source>
        <translation>Receipt number on the POS terminal slip</translation>
    </message>
    <message>
        <location filename="../payment.py" line="176"/>
        <source>确认已刷卡</source>
        <translation>Card payment done</translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <location filename="../handover.py" line="198"/>
        <source>登记邮寄 — {case_no}</source>
        <translation>Record posting — {case_no}</translation>
    </message>
    <message>
        <location filename="../handover.py" line="202"/>
        <source>结果邮寄至：{address}。请输入 EMS 运单号（可扫描），回车确认。</source>
        <translation>The result goes by post to: {address}. Enter (or scan) the EMS waybill number and press Enter.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="214"/>
        <source>确认邮寄</source>
        <translation>Record posting</translation>
    </message>
    <message>
        <location filename="../handover.py" line="214"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../preview.py" line="45"/>
        <source>打印预览 — {title}</source>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <location filename="../preview.py" line="63"/>
        <source>正在生成预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../document_preview.py" line="54"/>
        <location filename="../preview.py" line="67"/>
        <source>文件：{path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <location filename="../document_preview.py" line="61"/>
        <source>已发送到打印机。</source>
        <translation>Sent to the printer.</translation>
    </message>
    <message>
        <location filename="../document_preview.py" line="70"/>
        <source>打印失败：{e} 可稍后打印（案件详情 Ctrl+P）。</source>
        <translation>Printing failed: {e} You can print it later (case detail, Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../document_preview.py" line="101"/>
        <source>已补打，已发送到打印机。</source>
        <translation>Reprinted; sent to the printer.</translation>
    </message>
    <message>
        <location filename="../preview.py" line="73"/>
        <source>完成 (Esc)</source>
        <translation>Done (Esc)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="74"/>
        <source>打印 (F9)</source>
        <translation>Print (F9)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="104"/>
        <source>补打（需值班长） (F9)</source>
        <translation>Reprint (supervisor) (F9)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="117"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../preview.py" line="122"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../preview.py" line="157"/>
        <source>文书未打印</source>
        <translation>Document not printed</translation>
    </message>
    <message>
        <location filename="../preview.py" line="159"/>
        <source>文书尚未打印，申请人还没有拿到。稍后打印吗？
办件将标记为“回执未打印”，直到在案件详情中打印（Ctrl+P，无需值班长）。</source>
        <translation>The document has not been printed; the applicant does not have it yet. Print it later?
The case will be marked &quot;receipt not printed&quot; until it is printed from the case detail (Ctrl+P, no supervisor needed).</translation>
    </message>
    <message>
        <location filename="../preview.py" line="162"/>
        <source>稍后打印(&amp;L)</source>
        <translation>Print &amp;later</translation>
    </message>
    <message>
        <location filename="../preview.py" line="162"/>
        <source>返回打印</source>
        <translation>Back to printing</translation>
    </message>
    <message>
        <location filename="../preview.py" line="146"/>
        <source>重试打印 (F9)</source>
        <translation>Retry printing (F9)</translation>
    </message>
</context>
<context>
    <name>PrinterSettings</name>
    <message>
        <location filename="../printer_settings.py" line="35"/>
        <source>打印机</source>
        <translation>Printers</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="46"/>
        <source>A4 打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="47"/>
        <source>80mm 小票打印机</source>
        <translation>80 mm receipt printer</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="50"/>
        <source>打印测试页</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="52"/>
        <source>用所选打印机打印一张示例回执（不记入案件）。</source>
        <translation>Prints a sample receipt on the chosen printer (no case is recorded).</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="58"/>
        <source>刷新打印机列表</source>
        <translation>Refresh printer list</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="61"/>
        <source>保存打印机设置</source>
        <translation>Save printers</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="75"/>
        <source>列表来自本机的打印服务{server}。保存后，新的打印任务立即使用所选打印机；“未配置”的打印机无法打印该类文书。</source>
        <translation>The list comes from this computer&apos;s print service{server}. Once saved, new print jobs use the chosen printers at once; documents for a printer left &quot;not configured&quot; cannot be printed.</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="96"/>
        <source>（CUPS 服务器 {server}）</source>
        <translation> (CUPS server {server})</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="109"/>
        <source>正在读取打印机列表…</source>
        <translation>Reading the printer list…</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="122"/>
        <source>找到 {count} 台打印机。</source>
        <translation>Printers found: {count}.</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="127"/>
        <source>打印服务中没有打印机（或打印服务未运行）：请在打印服务（CUPS）中添加打印机（lpstat -p 可查看），再点“刷新打印机列表”。</source>
        <translation>The print service lists no printers (or is not running): add the printer in the print service (CUPS; lpstat -p lists them), then click &quot;Refresh printer list&quot;.</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="140"/>
        <source>未配置</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="142"/>
        <source>{name}（系统默认）</source>
        <translation>{name} (system default)</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="152"/>
        <source>{folder}（模拟打印机：存为文件）</source>
        <translation>{folder} (simulated printer: saves files)</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="155"/>
        <source>{name}（未找到）</source>
        <translation>{name} (not found)</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="163"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="176"/>
        <source>打印机设置已保存，新的打印任务将使用所选打印机。</source>
        <translation>Printers saved; new print jobs use the chosen printers.</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="181"/>
        <source>请先在同一行选择打印机，再打印测试页。</source>
        <translation>Choose a printer in the same row first, then print the test page.</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="184"/>
        <source>正在打印测试页…</source>
        <translation>Printing a test page…</translation>
    </message>
    <message>
        <location filename="../printer_settings.py" line="188"/>
        <source>测试页已发送到打印机“{printer}”。</source>
        <translation>Test page sent to printer &quot;{printer}&quot;.</translation>
    </message>
</context>
<context>
    <name>ProblemDialog</name>
    <message>
        <location filename="../problems.py" line="151"/>
        <source>问题办件 {case_no}（{window}）</source>
        <translation>Problem case {case_no} ({window})</translation>
    </message>
    <message>
        <location filename="../problems.py" line="167"/>
        <source>正在向平台查询平台版本……</source>
        <translation>Asking the platform for its version…</translation>
    </message>
    <message>
        <location filename="../problems.py" line="171"/>
        <source>本机版本</source>
        <translation>This PC&apos;s version</translation>
    </message>
    <message>
        <location filename="../problems.py" line="171"/>
        <source>{window} 提交的版本</source>
        <translation>Version sent by {window}</translation>
    </message>
    <message>
        <location filename="../problems.py" line="176"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../problems.py" line="178"/>
        <source>平台版本</source>
        <translation>Platform&apos;s version</translation>
    </message>
    <message>
        <location filename="../problems.py" line="179"/>
        <source>差异</source>
        <translation>Difference</translation>
    </message>
    <message>
        <location filename="../problems.py" line="180"/>
        <source>路径</source>
        <translation>Path</translation>
    </message>
    <message>
        <location filename="../problems.py" line="186"/>
        <source>处理原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../problems.py" line="189"/>
        <source>必填，记入办件和审计日志</source>
        <translation>Required; kept in the case and the audit log</translation>
    </message>
    <message>
        <location filename="../problems.py" line="193"/>
        <source>按本机版本重新提交 (&amp;R)</source>
        <translation>&amp;Resend as corrected</translation>
    </message>
    <message>
        <location filename="../problems.py" line="195"/>
        <source>采用平台版本 (&amp;A)</source>
        <translation>&amp;Adopt the platform&apos;s version</translation>
    </message>
    <message>
        <location filename="../problems.py" line="197"/>
        <source>作废 (&amp;V)</source>
        <translation>&amp;Void</translation>
    </message>
    <message numerus="yes">
        <location filename="../problems.py" line="238"/>
        <source>平台持有第 {platform} 版；有 %n 个字段不同（已标出）。</source>
        <translation>
            <numerusform>The platform holds version {platform}; %n field differs (marked).</numerusform>
            <numerusform>The platform holds version {platform}; %n fields differ (marked).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../problems.py" line="248"/>
        <source>不同（已遮蔽）</source>
        <translation>differs (masked)</translation>
    </message>
    <message>
        <location filename="../problems.py" line="249"/>
        <source>不同</source>
        <translation>differs</translation>
    </message>
    <message>
        <location filename="../problems.py" line="253"/>
        <source>无法从平台取得平台版本：{reason}</source>
        <translation>Could not get the platform&apos;s version: {reason}</translation>
    </message>
    <message>
        <location filename="../problems.py" line="260"/>
        <source>请先填写处理原因。</source>
        <translation>Enter the reason first.</translation>
    </message>
    <message>
        <location filename="../problems.py" line="278"/>
        <source>已发出指令，等待 {window} 执行。</source>
        <translation>Instruction sent; waiting for {window}.</translation>
    </message>
</context>
<context>
    <name>ProblemsScreen</name>
    <message>
        <location filename="../problems.py" line="55"/>
        <source>平台拒收或冲突的办件：选中后按回车，逐项对照并处理（F5 刷新）</source>
        <translation>Cases the platform refused or holds in conflict: select one and press Enter to compare and resolve it (F5 refreshes)</translation>
    </message>
    <message>
        <location filename="../problems.py" line="60"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../problems.py" line="61"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../problems.py" line="62"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../problems.py" line="63"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../problems.py" line="64"/>
        <source>平台说明</source>
        <translation>Platform&apos;s reason</translation>
    </message>
    <message>
        <location filename="../problems.py" line="65"/>
        <source>处理指令</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <location filename="../problems.py" line="72"/>
        <source>没有问题办件：平台拒收或冲突的办件会列在这里。</source>
        <translation>No problem cases: cases the platform refused or holds in conflict are listed here.</translation>
    </message>
    <message>
        <location filename="../problems.py" line="124"/>
        <source>共 {n} 件</source>
        <translation>Cases: {n}</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <location filename="../hall_queue.py" line="138"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="139"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="140"/>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="141"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="142"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="143"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="144"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="145"/>
        <source>受理时间</source>
        <translation>Accepted at</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="146"/>
        <source>承诺日期</source>
        <translation>Promised date</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="147"/>
        <source>剩余天数</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="148"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="153"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="154"/>
        <source>一件事</source>
        <translation>One-thing bundle</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="199"/>
        <source>{item} ·〔{bundle}〕</source>
        <translation>{item} ·〔{bundle}〕</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="209"/>
        <source>{said}
{todo}
（在“{tab}”[{key}] 中选中该办件后按回车处理。）</source>
        <translation>{said}
{todo}
(Choose the case under &quot;{tab}&quot; [{key}] and press Enter to handle it.)</translation>
    </message>
</context>
<context>
    <name>RatingFollowupsScreen</name>
    <message>
        <location filename="../rating_followups.py" line="82"/>
        <source>差评回访整改（{contact}个工作日内联系、{settle}个内办结、{rectify}个内整改）</source>
        <translation>Follow-up of bad ratings (contact within {contact} working days, settle within {settle}, rectify within {rectify})</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="91"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="92"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="93"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="94"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="95"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="96"/>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="97"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="98"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="99"/>
        <source>联系期限</source>
        <translation>Contact by</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="100"/>
        <source>办结期限</source>
        <translation>Settle by</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="101"/>
        <source>整改期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="102"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="103"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="104"/>
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="105"/>
        <source>最近记录</source>
        <translation>Latest note</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="111"/>
        <source>没有待回访的差评：申请人评为“不满意”或“非常不满意”的办件会列在这里。</source>
        <translation>No bad ratings to follow up: cases the applicant rated &quot;Dissatisfied&quot; or &quot;Very dissatisfied&quot; show here.</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="120"/>
        <source>已联系申请人</source>
        <translation>Applicant contacted</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="121"/>
        <source>无法联系</source>
        <translation>Applicant unreachable</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="122"/>
        <source>核实情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="123"/>
        <source>整改完成</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="124"/>
        <source>申诉（误评或恶意差评，由平台审核）</source>
        <translation>Appeal (a mistaken or malicious rating; the platform decides)</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="129"/>
        <source>情况说明（必填）</source>
        <translation>What was done or found (required)</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="130"/>
        <source>记录 (Enter)</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="131"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="132"/>
        <source>回访步骤：</source>
        <translation>Follow-up step:</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="164"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="165"/>
        <source>未留</source>
        <translation>None given</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="208"/>
        <source>请先在列表中选择一条差评。</source>
        <translation>Select a bad rating in the list first.</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="211"/>
        <source>请填写情况说明。</source>
        <translation>Write what was done or found.</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../intake/dialogs.py" line="71"/>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="82"/>
        <source>不予受理理由（必填）</source>
        <translation>Reason for refusal (required)</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="83"/>
        <source>法律依据（必填）</source>
        <translation>Legal basis (required)</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="84"/>
        <source>建议向何处申请</source>
        <translation>Where to apply instead</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="88"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="88"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../intake/dialogs.py" line="95"/>
        <source>请填写不予受理的理由和法律依据。</source>
        <translation>Give the reason and the legal basis for the refusal.</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <location filename="../handover.py" line="46"/>
        <source>待领取、待邮寄的办理结果</source>
        <translation>Results ready to hand over or post</translation>
    </message>
    <message>
        <location filename="../handover.py" line="50"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../handover.py" line="51"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../handover.py" line="52"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../handover.py" line="53"/>
        <source>领取方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <location filename="../handover.py" line="54"/>
        <source>邮寄地址 / 运单号</source>
        <translation>Postal address / waybill</translation>
    </message>
    <message>
        <location filename="../handover.py" line="59"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <location filename="../handover.py" line="79"/>
        <source>共 %n 件；选中后按回车打开办件出件或登记邮寄。</source>
        <translation>
            <numerusform>%n result; select it and press Enter to hand it over or record its posting.</numerusform>
            <numerusform>%n results; select one and press Enter to hand it over or record its posting.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../handover.py" line="81"/>
        <source>没有待领取或待邮寄的办理结果。</source>
        <translation>No results are waiting to be handed over or posted.</translation>
    </message>
</context>
<context>
    <name>ReturnVisitDialog</name>
    <message>
        <location filename="../return_visit.py" line="28"/>
        <source>补齐材料后受理</source>
        <translation>Accept once the materials are complete</translation>
    </message>
    <message>
        <location filename="../return_visit.py" line="32"/>
        <source>办件 {case_no}：请逐项勾选申请人本次带来的材料，齐全后予以受理。</source>
        <translation>Case {case_no}: tick each material the applicant has brought; once all are in, the case is accepted.</translation>
    </message>
    <message>
        <location filename="../return_visit.py" line="46"/>
        <source>不符合申请条件仍受理的理由（必填）</source>
        <translation>Reason for accepting against the eligibility conditions (required)</translation>
    </message>
    <message>
        <location filename="../return_visit.py" line="53"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../return_visit.py" line="53"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../reviews.py" line="54"/>
        <source>审核办件 {case_no}</source>
        <translation>Review case {case_no}</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="56"/>
        <source>审核 {count} 件办件</source>
        <translation>Review {count} cases</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="58"/>
        <source>以下 {count} 件办件审核为同一结果：</source>
        <translation>These {count} cases get the same review:</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="71"/>
        <source>审核结果：</source>
        <translation>Review:</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="74"/>
        <source>驳回或有问题时必填</source>
        <translation>Required to reject or mark issues</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="75"/>
        <source>原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../reviews.py" line="81"/>
        <source>保存审核结果</source>
        <translation>Save the review</translation>
    </message>
</context>
<context>
    <name>SecondFactorSetUpDialog</name>
    <message>
        <location filename="../second_factor_setup.py" line="76"/>
        <source>设置动态口令</source>
        <translation>Set up one-time codes</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="81"/>
        <source>值班长和管理员登录、审批须在密码之后输入动态口令（双因素认证）。请先用手机上的验证器应用（支持“基于时间的动态口令”即可）扫描下面的二维码，再输入您的密码和验证器当前显示的 6 位数字。</source>
        <translation>Supervisors and administrators sign in and approve with a one-time code after their password (two-factor authentication). Scan the QR code below with an authenticator app on your phone (any app for time-based one-time codes), then type your password and the six digits the app shows now.</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="95"/>
        <source>无法扫码时，在应用中手动输入密钥：{secret}</source>
        <translation>If you cannot scan it, type this secret into the app: {secret}</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="103"/>
        <source>本账号由平台统一管理：动态口令在本大厅的所有窗口生效，须连接平台时设置。</source>
        <translation>This account is kept by the platform: its one-time codes hold at every window of the hall and are set up while the platform is reachable.</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="116"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="117"/>
        <source>验证器显示的动态口令</source>
        <translation>Code the app shows</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="120"/>
        <source>确认设置</source>
        <translation>Set up</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="120"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="120"/>
        <source>先继续办理，稍后设置</source>
        <translation>Work on, set up later</translation>
    </message>
    <message>
        <location filename="../second_factor_setup.py" line="133"/>
        <source>请输入密码和验证器显示的 6 位动态口令。</source>
        <translation>Type your password and the six-digit code the app shows.</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../settings.py" line="47"/>
        <source>大厅与窗口</source>
        <translation>Hall and window</translation>
    </message>
    <message>
        <location filename="../settings.py" line="50"/>
        <source>大厅编码</source>
        <translation>Hall code</translation>
    </message>
    <message>
        <location filename="../settings.py" line="52"/>
        <source>大厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <location filename="../settings.py" line="53"/>
        <source>未设置（文书以大厅编码代替）</source>
        <translation>Not set (documents show the hall code)</translation>
    </message>
    <message>
        <location filename="../settings.py" line="55"/>
        <source>窗口编号</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../settings.py" line="56"/>
        <source>设备编号</source>
        <translation>Device id</translation>
    </message>
    <message>
        <location filename="../settings.py" line="57"/>
        <source>配置来源</source>
        <translation>Configuration files</translation>
    </message>
    <message>
        <location filename="../settings.py" line="57"/>
        <source>内置默认值</source>
        <translation>built-in defaults</translation>
    </message>
    <message>
        <location filename="../settings.py" line="63"/>
        <source>大厅与窗口由中心平台登记时确定；如需更改，请重新登记本设备。</source>
        <translation>Hall and window are set when the platform enrols this device; to change them, enrol it again.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="95"/>
        <source>一次性登记码</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../settings.py" line="96"/>
        <source>登记本设备</source>
        <translation>Enrol this device</translation>
    </message>
    <message>
        <location filename="../settings.py" line="101"/>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../settings.py" line="109"/>
        <source>培训模式：本机已自动登记到后台运行的培训用中心平台。</source>
        <translation>Training mode: this device is enrolled with the training platform running in the background.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="122"/>
        <source>请填写平台地址和一次性登记码。</source>
        <translation>Enter the platform address and the one-time code.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="135"/>
        <source>重新登记本设备</source>
        <translation>Enrol this device again</translation>
    </message>
    <message>
        <location filename="../settings.py" line="137"/>
        <source>本机已登记在 {current}（大厅 {hall}，窗口 {window}）。
用新的登记码重新登记后，本机按平台的答复改用新的大厅与窗口，重新启动程序后生效。确定重新登记吗？</source>
        <translation>This device is enrolled with {current} (hall {hall}, window {window}).
Enrolled again with a new code, it takes the hall and window the platform answers, from the next start of the program. Enrol it again?</translation>
    </message>
    <message>
        <location filename="../settings.py" line="141"/>
        <source>重新登记</source>
        <translation>Enrol again</translation>
    </message>
    <message>
        <location filename="../settings.py" line="141"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../settings.py" line="147"/>
        <source>正在登记…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location filename="../settings.py" line="159"/>
        <source>登记成功：大厅 {hall}，窗口 {window}。重新启动程序后生效。</source>
        <translation>Enrolled: hall {hall}, window {window}. Restart the program to use it.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="67"/>
        <source>读卡器</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../settings.py" line="72"/>
        <source>读卡器配置</source>
        <translation>Reader spec</translation>
    </message>
    <message>
        <location filename="../settings.py" line="73"/>
        <source>请放一张证件后点击“测试读卡”（F2 同样可用）。</source>
        <translation>Place a card, then click &quot;Test reader&quot; (F2 works too).</translation>
    </message>
    <message>
        <location filename="../settings.py" line="76"/>
        <source>测试读卡</source>
        <translation>Test reader</translation>
    </message>
    <message>
        <location filename="../settings.py" line="86"/>
        <source>中心平台与登记</source>
        <translation>Central platform and enrolment</translation>
    </message>
    <message>
        <location filename="../settings.py" line="88"/>
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../settings.py" line="88"/>
        <source>平台地址</source>
        <translation>Platform address</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <location filename="../shortcut_help.py" line="57"/>
        <source>打开「{tab}」页</source>
        <translation>Open the “{tab}” tab</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="79"/>
        <source>本页操作，用时见页面上的提示</source>
        <translation>An action of this page: see the hint on the page when you use it</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="111"/>
        <source>任何页面</source>
        <translation>Any page</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="151"/>
        <source>光标到输入框：{what}</source>
        <translation>Cursor to the field: {what}</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="195"/>
        <source>容缺受理</source>
        <translation>Deferred acceptance (容缺)</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="196"/>
        <source>只缺非核心材料时先受理（F7，需值班长审批），申请人在约定期限内补交（案件详情 F8），逾期未补的列入「容缺到期」。</source>
        <translation>When only non-core materials are missing, accept now (F7, a supervisor approves); the applicant hands them in by the deadline (case detail, F8); those not handed in by then are listed under “Deferrals due”.</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="203"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="204"/>
        <source>材料不齐又不能容缺时，打印告知书一次写明所缺全部材料（F6），申请人补齐后再来。</source>
        <translation>When materials are missing and cannot be deferred, print a notice naming every missing material at once (F6); the applicant comes back with them.</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="210"/>
        <source>告知承诺</source>
        <translation>Commitment (告知承诺)</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="211"/>
        <source>申请人书面承诺符合条件、材料属实，以签署的承诺代替提交允许承诺的材料。</source>
        <translation>The applicant commits in writing that they qualify and that what they state is true; the signed commitment replaces the materials that allow it.</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="217"/>
        <source>免交（电子证照）</source>
        <translation>Exempt (e-licence)</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="218"/>
        <source>材料可由电子证照或本市部门数据代替时不必交纸质件（F4 查询）；平台暂时查不到时标为「待核验」，在「电子证照核验」页补核。</source>
        <translation>A material an e-licence or a city department’s record replaces need not be handed in on paper (look it up with F4); when the platform cannot be reached it is marked “to verify” and checked later on the “E-licence checks” tab.</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="225"/>
        <source>即办件 / 承诺件</source>
        <translation>Same-day / promised case</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="226"/>
        <source>即办件当场办结；承诺件在回执写明的工作日数内办结。</source>
        <translation>A same-day case is completed on the spot; a promised case within the working days the receipt states.</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <location filename="../shortcut_help.py" line="237"/>
        <source>快捷键与常用术语（F1）</source>
        <translation>Keys and terms (F1)</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="242"/>
        <source>快捷键列表</source>
        <translation>List of keys</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="244"/>
        <source>按键</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="244"/>
        <source>所在页面</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../shortcut_help.py" line="244"/>
        <source>作用</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>StaffAccountsPanel</name>
    <message>
        <location filename="../staff_accounts.py" line="127"/>
        <source>账号</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="136"/>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="137"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="138"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="139"/>
        <source>管理方</source>
        <translation>Kept by</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="140"/>
        <source>上次登录</source>
        <translation>Last sign-in</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="141"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="148"/>
        <source>新建账号</source>
        <translation>New account</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="149"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="150"/>
        <source>重置动态口令</source>
        <translation>Reset one-time codes</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="151"/>
        <source>解除锁定</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="153"/>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="156"/>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="175"/>
        <source>“平台”账号由中心平台统一管理（counter-central staff），改密码、重置动态口令、停用请在平台操作，下次同步后在本大厅各窗口生效；在此可解除其在本机的锁定。</source>
        <translation>“Platform” accounts are kept by the central platform (counter-central staff): reset their passwords or one-time codes and disable them there; every window of the hall takes the change at its next sync. Here you can lift their lockout on this PC.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="210"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="210"/>
        <source>本机</source>
        <translation>This PC</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="213"/>
        <source>从未</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="228"/>
        <source>已停用</source>
        <translation>disabled</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="230"/>
        <source>锁定至 {time}</source>
        <translation>locked until {time}</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="232"/>
        <source>待本人改密码</source>
        <translation>password to change</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="234"/>
        <source>待设置动态口令</source>
        <translation>one-time codes to set up</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="235"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="261"/>
        <source>已新建账号 {name}。</source>
        <translation>Account {name} created.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="271"/>
        <source>已重置 {name} 的密码。</source>
        <translation>The password of {name} was reset.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="306"/>
        <source>已重置 {name} 的动态口令：本人下次登录时重新设置。</source>
        <translation>Reset the one-time codes of {name}: they set them up again at their next sign-in.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="316"/>
        <source>已解除 {name} 的锁定。</source>
        <translation>{name} was unlocked.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="323"/>
        <source>已停用 {name}。</source>
        <translation>{name} was disabled.</translation>
    </message>
    <message>
        <location filename="../staff_accounts.py" line="323"/>
        <source>已启用 {name}。</source>
        <translation>{name} was enabled.</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <location filename="../statistics.py" line="71"/>
        <source>每小时办件</source>
        <translation>Cases per hour</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="72"/>
        <source>各窗口办件</source>
        <translation>Cases per window</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="73"/>
        <source>受理决定</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="74"/>
        <source>热门事项</source>
        <translation>Top items</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="75"/>
        <source>办理时长，分钟（读卡至决定）</source>
        <translation>Handling time, minutes (card read to decision)</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="76"/>
        <source>好差评</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="77"/>
        <source>同步延迟，分钟（受理至平台确认）</source>
        <translation>Sync delay, minutes (accepted to acknowledged)</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="100"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="103"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="104"/>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="105"/>
        <source>自定义</source>
        <translation>Chosen days</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="110"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="112"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="114"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="120"/>
        <source>导出 CSV……</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="194"/>
        <source>{n}星</source>
        <translation>{n}★</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="195"/>
        <source>拒评</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="196"/>
        <source>未评</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="202"/>
        <source>本机待确认</source>
        <translation>Waiting here</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="221"/>
        <source>{first} 至 {last}：{cases}。办理时长 {handling}；评价率 {rate}，满意率 {satisfied}；同步延迟 {delay}；{waiting}。</source>
        <translation>{first} to {last}: {cases}. Handling time {handling}; rating rate {rate}, satisfied {satisfied}; sync delay {delay}; {waiting}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../statistics.py" line="226"/>
        <source>全大厅 %n 件</source>
        <translation>
            <numerusform>%n case in the whole hall</numerusform>
            <numerusform>%n cases in the whole hall</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../statistics.py" line="231"/>
        <source>本机 %n 件待平台确认</source>
        <translation>
            <numerusform>%n case here waiting for the platform</numerusform>
            <numerusform>%n cases here waiting for the platform</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../statistics.py" line="243"/>
        <source>一件事</source>
        <translation>One-thing bundle</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="244"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../statistics.py" line="248"/>
        <source>一件事：{total}——{names}</source>
        <translation>One-thing bundles: {total} — {names}</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="252"/>
        <source>一件事的每个办件已按其事项计入下列图表。</source>
        <translation>Each case of a bundle is already counted in the charts below under its own item.</translation>
    </message>
    <message numerus="yes">
        <location filename="../statistics.py" line="260"/>
        <source>中位 {median} 分钟，90% 在 {p90} 分钟内（%n 件）</source>
        <translation>
            <numerusform>median {median} min, 90% within {p90} min (%n case)</numerusform>
            <numerusform>median {median} min, 90% within {p90} min (%n cases)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../statistics.py" line="258"/>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="272"/>
        <source>导出统计 CSV</source>
        <translation>Export statistics as CSV</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="275"/>
        <source>CSV 表格 (*.csv)</source>
        <translation>CSV spreadsheet (*.csv)</translation>
    </message>
    <message>
        <location filename="../statistics.py" line="292"/>
        <source>已导出到 {path}。</source>
        <translation>Exported to {path}.</translation>
    </message>
</context>
<context>
    <name>SupervisorApprovalDialog</name>
    <message>
        <location filename="../approval.py" line="65"/>
        <source>值班长审批</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../approval.py" line="69"/>
        <source>此操作需要值班长确认：{action}</source>
        <translation>This needs a supervisor&apos;s approval: {action}</translation>
    </message>
    <message>
        <location filename="../approval.py" line="83"/>
        <source>值班长账号</source>
        <translation>Supervisor account</translation>
    </message>
    <message>
        <location filename="../approval.py" line="84"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../approval.py" line="85"/>
        <source>动态口令</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../approval.py" line="89"/>
        <source>原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <location filename="../approval.py" line="93"/>
        <source>确认审批</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../approval.py" line="93"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../approval.py" line="100"/>
        <source>请求值班长审批 (F4)</source>
        <translation>Send to the supervisor (F4)</translation>
    </message>
    <message>
        <location filename="../approval.py" line="101"/>
        <source>发给本大厅的值班长在其窗口审批；等待期间已填写的内容保留，可撤回。</source>
        <translation>A supervisor of this hall approves it at their window; what you entered is kept while you wait, and you can withdraw the request.</translation>
    </message>
    <message>
        <location filename="../approval.py" line="109"/>
        <source>请值班长输入账号和密码。</source>
        <translation>Supervisor: enter your account and password.</translation>
    </message>
    <message>
        <location filename="../approval.py" line="131"/>
        <source>请填写原因。</source>
        <translation>Please give the reason.</translation>
    </message>
</context>
<context>
    <name>SupplyDialog</name>
    <message>
        <location filename="../deferral_supply.py" line="34"/>
        <source>补交容缺材料 — {case_no}</source>
        <translation>Supply deferred materials — {case_no}</translation>
    </message>
    <message>
        <location filename="../deferral_supply.py" line="36"/>
        <source>勾选申请人本次补交的材料（空格切换，回车确认）：</source>
        <translation>Check the materials the applicant brought (Space toggles, Enter confirms):</translation>
    </message>
    <message>
        <location filename="../deferral_supply.py" line="40"/>
        <source>{name}（补齐期限 {deadline}）</source>
        <translation>{name} (due {deadline})</translation>
    </message>
    <message>
        <location filename="../deferral_supply.py" line="50"/>
        <source>确认补交</source>
        <translation>Record as supplied</translation>
    </message>
    <message>
        <location filename="../deferral_supply.py" line="50"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../deferral_supply.py" line="58"/>
        <source>请至少勾选一项补交的材料。</source>
        <translation>Check at least one material that was supplied.</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <location filename="../sync_status.py" line="160"/>
        <source>同步详情</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="170"/>
        <source>连接状态</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="171"/>
        <source>设备登记</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="172"/>
        <source>待上传案件</source>
        <translation>Cases waiting to upload</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="173"/>
        <source>需值班长处理</source>
        <translation>Need a supervisor</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="174"/>
        <source>上次成功同步</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="175"/>
        <source>上次尝试</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="176"/>
        <source>最近的问题</source>
        <translation>Latest problem</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="177"/>
        <source>离线提醒</source>
        <translation>Offline warning</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="178"/>
        <source>磁盘空间</source>
        <translation>Disk space</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="186"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="187"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="201"/>
        <source>在线：与中心平台连接正常</source>
        <translation>Online: connected to the central platform</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="202"/>
        <source>离线：暂时连不上中心平台，受理照常进行，恢复后自动上传</source>
        <translation>Offline: the platform cannot be reached for now; intake goes on and cases upload when it is back</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="203"/>
        <source>正在同步</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="204"/>
        <source>尚未连接过</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="206"/>
        <location filename="../sync_status.py" line="213"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="209"/>
        <source>已被中心平台吊销</source>
        <translation>Revoked by the central platform</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="212"/>
        <source>已登记</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="207"/>
        <source>未登记：请管理员在“设置”中登记本设备</source>
        <translation>Not enrolled: an administrator enrols this device in Settings</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="223"/>
        <source>充足</source>
        <translation>Enough</translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <location filename="../sync_status.py" line="88"/>
        <source>同步：未连接</source>
        <translation>Sync: not connected</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="94"/>
        <source>在线</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="95"/>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="96"/>
        <source>同步中</source>
        <translation>syncing</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="97"/>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="108"/>
        <source>未登记</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="110"/>
        <source>登记已被吊销</source>
        <translation>enrolment revoked</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="111"/>
        <source>同步：{state} · 待上传 {backlog} · 上次成功 {last}</source>
        <translation>Sync: {state} · waiting {backlog} · synced {last}</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="117"/>
        <source> · 待处理 {n}</source>
        <translation> · to resolve {n}</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="119"/>
        <source> · 磁盘将满</source>
        <translation> · low disk</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="121"/>
        <source> · 时钟不准</source>
        <translation> · clock off</translation>
    </message>
</context>
<context>
    <name>TicketBar</name>
    <message>
        <location filename="../queue_tickets.py" line="54"/>
        <source>叫号 (F12)</source>
        <translation>Call next (F12)</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="60"/>
        <source>重呼 (Shift+F12)</source>
        <translation>Call again (Shift+F12)</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="61"/>
        <source>未到</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="62"/>
        <source>开始办理</source>
        <translation>Start service</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="63"/>
        <source>办结</source>
        <translation>Close service</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="64"/>
        <source>转窗口…</source>
        <translation>Redirect…</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="71"/>
        <source>叫号操作</source>
        <translation>Ticket steps</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="92"/>
        <source>转窗口</source>
        <translation>Redirect</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="92"/>
        <source>转到本大厅的哪个窗口（窗口号）？</source>
        <translation>Redirect to which window of this hall (window code)?</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="112"/>
        <source>没有等候的号。</source>
        <translation>No ticket is waiting.</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="131"/>
        <source>当前无号</source>
        <translation>No current ticket</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="132"/>
        <source>可以不叫号直接受理。</source>
        <translation>You can serve without a ticket.</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="134"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="134"/>
        <source>已叫号</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="135"/>
        <source> · 预约优先</source>
        <translation> · appointment</translation>
    </message>
    <message>
        <location filename="../queue_tickets.py" line="137"/>
        <source>当前号：{number}{priority} · {state}</source>
        <translation>Ticket {number}{priority} · {state}</translation>
    </message>
</context>
<context>
    <name>TrainingTray</name>
    <message>
        <location filename="../training_tray.py" line="28"/>
        <source>培训卡盒</source>
        <translation>Training card tray</translation>
    </message>
    <message>
        <location filename="../training_tray.py" line="34"/>
        <source>选择一张示例证件，放到模拟读卡器上：</source>
        <translation>Choose a sample card to place on the simulated reader:</translation>
    </message>
    <message>
        <location filename="../training_tray.py" line="48"/>
        <source>放卡</source>
        <translation>Place card</translation>
    </message>
    <message>
        <location filename="../training_tray.py" line="50"/>
        <source>取卡</source>
        <translation>Remove card</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <location filename="../withdrawal.py" line="29"/>
        <source>撤回申请</source>
        <translation>Withdraw the application</translation>
    </message>
    <message>
        <location filename="../withdrawal.py" line="33"/>
        <source>申请人撤回办件 {case_no}：撤回后本申请不再办理，并出具撤回申请回执。</source>
        <translation>The applicant withdraws case {case_no}: it will not be processed further, and a withdrawal receipt is issued.</translation>
    </message>
    <message>
        <location filename="../withdrawal.py" line="40"/>
        <source>撤回原因（必填）</source>
        <translation>Reason for withdrawal (required)</translation>
    </message>
    <message>
        <location filename="../withdrawal.py" line="43"/>
        <source>申请人已当面确认撤回本申请</source>
        <translation>The applicant has confirmed the withdrawal in person</translation>
    </message>
    <message>
        <location filename="../withdrawal.py" line="48"/>
        <source>确认撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../withdrawal.py" line="48"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>approvals</name>
    <message>
        <location filename="../approvals_inbox.py" line="63"/>
        <source>容缺受理</source>
        <translation>Deferred acceptance</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="64"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="65"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="66"/>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../approvals_inbox.py" line="67"/>
        <source>超限决定</source>
        <translation>Over-the-limit decision</translation>
    </message>
</context>
<context>
    <name>audit_labels</name>
    <message>
        <location filename="../audit_labels.py" line="33"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="34"/>
        <source>登录</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="35"/>
        <source>账号</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="36"/>
        <source>授权与拒绝</source>
        <translation>Authorisation and refusals</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="37"/>
        <source>值班长审批</source>
        <translation>Supervisor approvals</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="38"/>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="39"/>
        <source>文书与打印</source>
        <translation>Documents and printing</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="40"/>
        <location filename="../audit_labels.py" line="160"/>
        <source>查阅审计日志</source>
        <translation>Audit log reading</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="46"/>
        <source>补打文书</source>
        <translation>Document reprinted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="47"/>
        <source>更正申请人信息</source>
        <translation>Applicant&apos;s data corrected</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="52"/>
        <source>出具文书</source>
        <translation>Document issued</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="54"/>
        <source>文书打印完成</source>
        <translation>Document printed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="55"/>
        <source>文书打印失败</source>
        <translation>Document printing failed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="56"/>
        <source>保存打印机设置</source>
        <translation>Printer settings saved</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="57"/>
        <source>打印测试页</source>
        <translation>Test page printed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="58"/>
        <source>值班长当场审批通过</source>
        <translation>Supervisor approved on the spot</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="59"/>
        <source>值班长当场审批未通过</source>
        <translation>Supervisor approval refused on the spot</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="60"/>
        <source>发出审批请求</source>
        <translation>Approval request sent</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="61"/>
        <source>审批请求获批准</source>
        <translation>Approval request approved</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="62"/>
        <source>审批请求被驳回</source>
        <translation>Approval request refused</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="63"/>
        <source>审批请求已撤销</source>
        <translation>Approval request cancelled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="64"/>
        <source>审批请求当日未处理，已过期</source>
        <translation>Approval request expired undecided on its day</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="65"/>
        <source>查看待审批请求</source>
        <translation>Pending approval requests viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="66"/>
        <source>无权操作，已拒绝</source>
        <translation>Refused: not permitted for this role</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="69"/>
        <source>作废办件</source>
        <translation>Case voided</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="72"/>
        <source>超出离线上限受理</source>
        <translation>Intake beyond the offline limit</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="78"/>
        <source>办件转为：{state}</source>
        <translation>Case now: {state}</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="82"/>
        <source>受理办件</source>
        <translation>Application accepted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="83"/>
        <source>受理网上预审的申请</source>
        <translation>Pre-checked online application taken in</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="84"/>
        <source>网上预审未通过仍予受理</source>
        <translation>Pre-application taken although its pre-review had not passed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="85"/>
        <source>撤回申请</source>
        <translation>Application withdrawn</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="86"/>
        <source>修改办件</source>
        <translation>Case edited</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="87"/>
        <source>收取补正材料</source>
        <translation>Corrected materials received</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="88"/>
        <source>补齐容缺材料</source>
        <translation>Deferred materials supplied</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="89"/>
        <source>特别程序结束，承诺日期顺延</source>
        <translation>Special procedure over, dates moved on</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="90"/>
        <source>以过期证件受理</source>
        <translation>Accepted with an expired ID document</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="91"/>
        <source>不符合申请条件仍受理</source>
        <translation>Accepted despite unmet eligibility</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="92"/>
        <source>批准超出离线上限受理</source>
        <translation>Intake beyond the offline limit approved</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="93"/>
        <source>登记缴费</source>
        <translation>Payment recorded</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="94"/>
        <source>已缴费</source>
        <translation>Paid</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="95"/>
        <source>领取结果</source>
        <translation>Result collected</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="96"/>
        <source>拒绝代领结果</source>
        <translation>Collection by another person refused</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="97"/>
        <source>邮寄结果</source>
        <translation>Result posted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="98"/>
        <source>结果已邮寄</source>
        <translation>Result posted (reported by the platform)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="99"/>
        <source>邮件退回大厅</source>
        <translation>Parcel returned to the hall</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="100"/>
        <source>更改领取方式或邮寄地址</source>
        <translation>Delivery method or postal address changed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="101"/>
        <source>重复缴费（缴费平台又确认了已刷卡的费用）</source>
        <translation>Paid twice (the payment platform confirmed a fee already paid by card)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="102"/>
        <source>以刷卡缴费替代未经平台确认的平台缴费</source>
        <translation>Card payment in place of a platform payment not yet confirmed by the platform</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="103"/>
        <source>办件结束后到账的缴费（应退费）</source>
        <translation>Payment arrived after the case ended (refund owed)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="104"/>
        <source>登记退费</source>
        <translation>Refund recorded</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="105"/>
        <source>从平台取回办件</source>
        <translation>Case recovered from the platform</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="106"/>
        <source>记录评价</source>
        <translation>Rating recorded</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="107"/>
        <source>收到网上评价</source>
        <translation>Online rating received</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="108"/>
        <source>差评回访</source>
        <translation>Poor rating followed up</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="109"/>
        <source>电子证照核验：已核实</source>
        <translation>E-licence check: verified</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="110"/>
        <source>电子证照核验：待核验</source>
        <translation>E-licence check: pending</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="111"/>
        <source>电子证照核验：未核实</source>
        <translation>E-licence check: not verified</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="112"/>
        <source>电子证照改收纸质材料</source>
        <translation>Paper copy taken instead of the e-licence</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="113"/>
        <source>查看电子证照文件</source>
        <translation>E-licence document viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="114"/>
        <source>另存电子证照文件</source>
        <translation>E-licence document saved to a file</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="115"/>
        <source>更正后重新上传</source>
        <translation>Corrected version sent again</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="116"/>
        <source>采用平台的版本</source>
        <translation>Platform&apos;s version adopted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="117"/>
        <source>查看申请人的个人信息</source>
        <translation>Applicant&apos;s personal data viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="118"/>
        <source>按个人信息查找办件</source>
        <translation>Searched cases by a person</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="119"/>
        <source>处理电子证照核验任务</source>
        <translation>E-licence check task resolved</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="120"/>
        <source>在命令行查询电子证照</source>
        <translation>Looked up e-licences on the command line</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="121"/>
        <source>查询申请人的电子证照</source>
        <translation>Looked up the applicant’s e-licences</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="122"/>
        <source>查看容缺到期办件</source>
        <translation>Deferrals falling due viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="123"/>
        <source>查看容缺申请人联系电话</source>
        <translation>Deferral applicant&apos;s phone viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="124"/>
        <source>值班长复核办件</source>
        <translation>Case reviewed by a supervisor</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="125"/>
        <source>重新上传被退回的版本</source>
        <translation>Returned versions queued to send again</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="126"/>
        <source>平台从备份恢复后重新上传已确认的版本</source>
        <translation>Acknowledged versions sent again after the platform was restored from a backup</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="127"/>
        <source>本机数据落后于平台：重新编号并取回本机办件</source>
        <translation>Store behind the platform: numbers moved on, own cases fetched back</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="130"/>
        <source>平台已接受恢复后的审计链</source>
        <translation>Platform took the audit chain after a restore</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="131"/>
        <source>问题办件：重新上传本机版本</source>
        <translation>Problem case: this window&apos;s version sent again</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="132"/>
        <source>问题办件：采用平台版本</source>
        <translation>Problem case: platform&apos;s version adopted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="133"/>
        <source>问题办件：作废</source>
        <translation>Problem case: voided</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="134"/>
        <source>查看问题办件</source>
        <translation>Problem cases viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="135"/>
        <source>比对问题办件的两个版本</source>
        <translation>Problem case&apos;s two versions compared</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="141"/>
        <source>登录成功</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="142"/>
        <source>登录失败</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="143"/>
        <source>账号锁定中，拒绝登录</source>
        <translation>Sign-in refused: account locked</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="144"/>
        <source>账号已停用，拒绝登录</source>
        <translation>Sign-in refused: account disabled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="145"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="146"/>
        <source>退出登录（换人）</source>
        <translation>Sign out (switch user)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="147"/>
        <source>锁屏</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="148"/>
        <source>新建账号</source>
        <translation>Account created</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="149"/>
        <source>查看账号列表</source>
        <translation>Account list viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="150"/>
        <source>启用账号</source>
        <translation>Account enabled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="151"/>
        <source>停用账号</source>
        <translation>Account disabled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="152"/>
        <source>账号被锁定</source>
        <translation>Account locked</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="153"/>
        <source>解除账号锁定</source>
        <translation>Account unlocked</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="154"/>
        <source>修改密码</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="155"/>
        <source>拒绝修改密码</source>
        <translation>Password change refused</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="156"/>
        <source>设置动态口令</source>
        <translation>One-time codes set up</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="157"/>
        <source>重置动态口令</source>
        <translation>One-time codes reset</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="158"/>
        <source>按中心平台更新账号</source>
        <translation>Account updated from the central platform</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="159"/>
        <source>本机账号被中心平台的同名账号取代</source>
        <translation>Local account replaced by the platform&apos;s account of the same name</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="161"/>
        <source>审计日志开始以本机密钥签名</source>
        <translation>Audit log signed with this installation&apos;s key from here on</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="162"/>
        <source>备份</source>
        <translation>Backup made</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="163"/>
        <source>从备份恢复</source>
        <translation>Restored from a backup</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="164"/>
        <source>按保留期限清除个人信息</source>
        <translation>Personal data purged (retention)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="165"/>
        <source>本机登记到中心平台</source>
        <translation>Workstation enrolled with the central platform</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="166"/>
        <source>载入事项目录</source>
        <translation>Service catalogue loaded</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="167"/>
        <source>删除示例事项目录</source>
        <translation>Sample service catalogue removed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="168"/>
        <source>清理旧版事项目录</source>
        <translation>Old catalog versions pruned</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="169"/>
        <source>载入工作日历</source>
        <translation>Working-day calendar loaded</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="175"/>
        <source>取优先号</source>
        <translation>Priority ticket issued</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="176"/>
        <source>叫号</source>
        <translation>Ticket called</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="177"/>
        <source>重呼</source>
        <translation>Ticket called again</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="178"/>
        <source>标记未到</source>
        <translation>Ticket marked no-show</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="179"/>
        <source>开始办理</source>
        <translation>Service started</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="180"/>
        <source>结束叫号办理</source>
        <translation>Ticket service closed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="181"/>
        <source>转窗口</source>
        <translation>Ticket redirected to another window</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="182"/>
        <source>过号重新排队</source>
        <translation>Missed ticket re-queued</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="183"/>
        <source>查看大厅队列</source>
        <translation>Hall queue viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="184"/>
        <source>查看其他窗口办件的历史</source>
        <translation>Another window&apos;s case history viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="185"/>
        <source>发布大厅通知</source>
        <translation>Hall notice published</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="186"/>
        <source>查看统计</source>
        <translation>Statistics viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="187"/>
        <source>导出统计</source>
        <translation>Statistics exported</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="188"/>
        <source>查看差评回访</source>
        <translation>Poor-rating follow-ups viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="189"/>
        <source>查看日结报表</source>
        <translation>End-of-day report viewed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="190"/>
        <source>导出日结报表</source>
        <translation>Export the day&apos;s report</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="191"/>
        <source>日结签字</source>
        <translation>End of day signed off</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="202"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="203"/>
        <source>{key}：{value}</source>
        <translation>{key}: {value}</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="237"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="237"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="239"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="269"/>
        <source>未上传的办件数</source>
        <translation>cases not yet sent</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="270"/>
        <source>未同步的天数</source>
        <translation>days without a sync</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="275"/>
        <source>窗口评价器</source>
        <translation>window rating device</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="276"/>
        <source>网上（办件进度页）</source>
        <translation>online (case progress page)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="282"/>
        <source>查看申请人信息的更正记录</source>
        <translation>applicant&apos;s data correction history</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="283"/>
        <source>联系容缺到期的申请人</source>
        <translation>contacting an applicant whose deferral falls due</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="288"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="289"/>
        <source>电话号码</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="290"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="295"/>
        <source>办件列表</source>
        <translation>Case list</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="296"/>
        <source>命令行查询（lookup）</source>
        <translation>Command line (lookup)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="301"/>
        <source>已完成</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="302"/>
        <source>重复的请求，此前已完成</source>
        <translation>repeated request, done before</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="303"/>
        <source>没有等候的号</source>
        <translation>nobody waiting</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="312"/>
        <source>没有这个账号</source>
        <translation>no such account</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="313"/>
        <source>动态口令不对</source>
        <translation>wrong one-time code</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="314"/>
        <source>不能审批自己经办的事</source>
        <translation>cannot approve their own work</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="315"/>
        <source>尚未设置动态口令</source>
        <translation>no one-time codes set up</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="316"/>
        <source>仍是别人设置的初始密码</source>
        <translation>still an initial password someone else set</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="324"/>
        <source>纸张</source>
        <translation>paper</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="326"/>
        <source>办件编号</source>
        <translation>case number</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="327"/>
        <source>操作</source>
        <translation>action</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="328"/>
        <source>状态</source>
        <translation>state</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="329"/>
        <source>原状态</source>
        <translation>previous state</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="330"/>
        <source>角色</source>
        <translation>role</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="331"/>
        <source>类别</source>
        <translation>kind</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="332"/>
        <source>操作人</source>
        <translation>who</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="333"/>
        <source>对象</source>
        <translation>target</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="334"/>
        <source>起始</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="335"/>
        <source>截至</source>
        <translation>until</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="336"/>
        <source>受理员</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="337"/>
        <source>发起人</source>
        <translation>requested by</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="338"/>
        <source>大厅</source>
        <translation>hall</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="339"/>
        <source>窗口</source>
        <translation>window</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="340"/>
        <source>转至窗口</source>
        <translation>to window</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="341"/>
        <source>事项</source>
        <translation>service item</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="342"/>
        <source>号票</source>
        <translation>ticket</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="343"/>
        <source>结果</source>
        <translation>outcome</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="344"/>
        <source>处理方式</source>
        <translation>resolution</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="345"/>
        <source>用途</source>
        <translation>purpose</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="346"/>
        <source>查找依据</source>
        <translation>Searched by</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="347"/>
        <source>查找位置</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="348"/>
        <source>连续失败次数</source>
        <translation>failures in a row</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="349"/>
        <source>动态口令</source>
        <translation>one-time code</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="350"/>
        <source>已停用</source>
        <translation>disabled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="351"/>
        <source>密码已更改</source>
        <translation>password changed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="352"/>
        <source>上限</source>
        <translation>limit</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="353"/>
        <source>允许</source>
        <translation>allowed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="354"/>
        <source>已达</source>
        <translation>reached</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="355"/>
        <source>证件有效期至</source>
        <translation>ID document valid until</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="356"/>
        <source>不符合的条件</source>
        <translation>unmet conditions</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="357"/>
        <source>补齐的材料</source>
        <translation>materials supplied</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="359"/>
        <source>文书语言</source>
        <translation>document language</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="360"/>
        <source>补打次数</source>
        <translation>reprint number</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="361"/>
        <source>补打原因</source>
        <translation>reprint reason</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="362"/>
        <source>领取人</source>
        <translation>collected by</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="363"/>
        <source>他人代领</source>
        <translation>by another person</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="364"/>
        <source>已邮寄</source>
        <translation>posted</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="365"/>
        <source>运单号</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="366"/>
        <source>原运单号</source>
        <translation>Previous waybill</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="367"/>
        <source>退回的运单号</source>
        <translation>Returned waybill</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="368"/>
        <source>领取方式</source>
        <translation>Delivery method</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="369"/>
        <source>原领取方式</source>
        <translation>Previous delivery method</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="370"/>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="371"/>
        <source>原邮寄地址</source>
        <translation>Previous postal address</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="372"/>
        <source>评价渠道</source>
        <translation>rating channel</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="373"/>
        <source>拒绝评价</source>
        <translation>declined to rate</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="374"/>
        <source>原因类别</source>
        <translation>reason category</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="375"/>
        <source>回访步骤</source>
        <translation>follow-up step</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="376"/>
        <source>已说明理由</source>
        <translation>reason given</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="377"/>
        <source>申请人已确认</source>
        <translation>applicant confirmed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="379"/>
        <source>A4 打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="380"/>
        <source>80mm 小票打印机</source>
        <translation>80 mm receipt printer</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="381"/>
        <source>原 A4 打印机</source>
        <translation>previous A4 printer</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="382"/>
        <source>原 80mm 小票打印机</source>
        <translation>previous 80 mm receipt printer</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="383"/>
        <source>含密钥文件</source>
        <translation>with the key file</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="384"/>
        <source>恢复前的安全副本</source>
        <translation>safety copy before restoring</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="385"/>
        <source>更换了密钥</source>
        <translation>key replaced</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="386"/>
        <source>已读取原有编号</source>
        <translation>previous numbers read</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="387"/>
        <source>顺延的办件编号序列</source>
        <translation>case number sequences moved on</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="388"/>
        <source>顺延的文书编号序列</source>
        <translation>document number sequences moved on</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="389"/>
        <source>对账无误</source>
        <translation>reconciled</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="390"/>
        <source>未确认的问题</source>
        <translation>unacknowledged problems</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="391"/>
        <source>有问题的窗口</source>
        <translation>windows with problems</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="392"/>
        <source>报表文件</source>
        <translation>report file</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="393"/>
        <source>导出文件</source>
        <translation>Exported to file</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="394"/>
        <source>办件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="395"/>
        <source>找到的办件</source>
        <translation>Cases found</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="396"/>
        <source>到期范围（天内）</source>
        <translation>Due within (days)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="397"/>
        <source>离开的大厅</source>
        <translation>Halls left</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="398"/>
        <source>留在原大厅的未办结办件</source>
        <translation>Open cases left at the old hall</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="399"/>
        <source>来源</source>
        <translation>source</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="400"/>
        <source>事项数</source>
        <translation>service items</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="401"/>
        <source>天数</source>
        <translation>days</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="402"/>
        <source>最后变更早于</source>
        <translation>Last changed before</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="403"/>
        <source>年份</source>
        <translation>years</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="404"/>
        <source>版本</source>
        <translation>versions</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="405"/>
        <source>重新上传的版本数</source>
        <translation>versions queued again</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="406"/>
        <source>起始条目</source>
        <translation>first keyed entry</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="409"/>
        <source>文书序号</source>
        <translation>document id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="410"/>
        <source>请求编号</source>
        <translation>request id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="411"/>
        <source>指令编号</source>
        <translation>instruction id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="412"/>
        <source>复核编号</source>
        <translation>review id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="413"/>
        <source>日结编号</source>
        <translation>sign-off id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="414"/>
        <source>预约编号</source>
        <translation>appointment id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="415"/>
        <source>号票编号</source>
        <translation>ticket id</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="416"/>
        <source>目录版本</source>
        <translation>catalogue version</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="417"/>
        <source>内容哈希</source>
        <translation>content hash</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="418"/>
        <source>所输账号名的哈希</source>
        <translation>hash of the username typed</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="419"/>
        <source>查找对象（化名）</source>
        <translation>Person (pseudonym)</translation>
    </message>
    <message>
        <location filename="../audit_labels.py" line="423"/>
        <source>新账号</source>
        <translation>new account</translation>
    </message>
</context>
<context>
    <name>case_history</name>
    <message>
        <location filename="../case_history_text.py" line="30"/>
        <source>出具文书</source>
        <translation>document issued</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="31"/>
        <source>已打印</source>
        <translation>printed</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="32"/>
        <source>打印失败</source>
        <translation>print failed</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="41"/>
        <source>80毫米热敏纸</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="43"/>
        <source>中文</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="44"/>
        <source>英文</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="130"/>
        <source>平台已接收</source>
        <translation>stored by the platform</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="131"/>
        <source>平台已有（重发，按成功计）</source>
        <translation>already on the platform (resend, counts as success)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="132"/>
        <source>与平台数据冲突，待值班长处理</source>
        <translation>conflicts with the platform&apos;s copy; waits for the supervisor</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="133"/>
        <source>被平台退回，待值班长处理</source>
        <translation>rejected by the platform; waits for the supervisor</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="86"/>
        <source>非常满意</source>
        <translation>very satisfied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="37"/>
        <source>该文书已打印：请告知申请人它不再有效，办件按平台的办理继续</source>
        <translation>This document was printed: tell the applicant it no longer applies; the case goes on as the platform has it</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="48"/>
        <source>已核实，电子证照有效</source>
        <translation>verified: the e-licence is valid</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="49"/>
        <source>未核实：证照库没有确认该证照，待窗口处理</source>
        <translation>not verified: the register did not confirm the licence; the window must follow up</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="52"/>
        <source>改收纸质材料</source>
        <translation>taken on paper instead</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="56"/>
        <source>申请人本人领取</source>
        <translation>collected by the applicant in person</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="57"/>
        <source>他人代领（凭授权委托书）</source>
        <translation>collected by a proxy (power of attorney)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="59"/>
        <source>结果已邮寄</source>
        <translation>result posted</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="60"/>
        <source>申请人拒绝评价</source>
        <translation>the applicant declined to rate</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="63"/>
        <source>平台已确认</source>
        <translation>confirmed by the platform</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="64"/>
        <source>待平台确认</source>
        <translation>awaiting the platform&apos;s confirmation</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="66"/>
        <source>已说明撤回理由</source>
        <translation>reason for the withdrawal given</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="68"/>
        <source>申请人已确认撤回</source>
        <translation>withdrawal confirmed by the applicant</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="71"/>
        <source>申请人当面确认</source>
        <translation>confirmed by the applicant in person</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="72"/>
        <source>在本程序以外确认</source>
        <translation>confirmed outside this program</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="78"/>
        <source>超出未上传办件上限受理</source>
        <translation>taken past the limit of cases not uploaded</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="79"/>
        <source>超出未同步天数上限受理</source>
        <translation>taken past the limit of days without a sync</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="87"/>
        <source>满意</source>
        <translation>satisfied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="88"/>
        <source>基本满意</source>
        <translation>fairly satisfied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="89"/>
        <source>不满意</source>
        <translation>dissatisfied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="90"/>
        <source>非常不满意</source>
        <translation>very dissatisfied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="99"/>
        <source>已联系申请人</source>
        <translation>Applicant contacted</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="100"/>
        <source>无法联系申请人</source>
        <translation>Applicant not reachable</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="101"/>
        <source>核实情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="102"/>
        <source>整改完成</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="103"/>
        <source>申诉（误评或恶意差评，待平台审核）</source>
        <translation>Appeal (a mistaken or malicious rating; awaiting the platform&apos;s decision)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="104"/>
        <source>平台审核：申诉成立（差评不计入满意度）</source>
        <translation>Platform decision: appeal upheld (the rating no longer counts)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="107"/>
        <source>平台审核：申诉驳回（继续回访整改）</source>
        <translation>Platform decision: appeal rejected (the follow-up goes on)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="122"/>
        <source>申诉成立</source>
        <translation>Appeal upheld</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="123"/>
        <source>申诉驳回</source>
        <translation>Appeal rejected</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="134"/>
        <source>暂时未送达，将自动重试</source>
        <translation>not delivered yet; retried automatically</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="135"/>
        <source>平台已办理到本机的同一状态，冲突已解决</source>
        <translation>The platform reached this window&apos;s state too: the conflict is settled</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="138"/>
        <source>从平台取回（本机从较早的备份恢复）</source>
        <translation>Recovered from the platform (this workstation was restored from an older backup)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="147"/>
        <source>文书号</source>
        <translation>document</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="148"/>
        <source>打印机</source>
        <translation>printer</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="149"/>
        <source>打印任务</source>
        <translation>job</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="150"/>
        <location filename="../case_history_text.py" line="151"/>
        <source>原因</source>
        <translation>reason</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="152"/>
        <source>平台编号</source>
        <translation>platform ref.</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="153"/>
        <source>退费凭证号</source>
        <translation>refund voucher</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="154"/>
        <source>审批人</source>
        <translation>approved by</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="155"/>
        <source>备注</source>
        <translation>note</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="156"/>
        <source>数据版本</source>
        <translation>data version</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="157"/>
        <source>材料</source>
        <translation>material</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="158"/>
        <source>查询编号</source>
        <translation>lookup no.</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="159"/>
        <source>电子证照核验</source>
        <translation>e-licence check</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="160"/>
        <source>评价</source>
        <translation>rating</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="161"/>
        <source>缴费方式</source>
        <translation>paid by</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="162"/>
        <source>金额</source>
        <translation>amount</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="163"/>
        <source>POS凭条号</source>
        <translation>POS receipt no.</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="164"/>
        <source>缴费流水号</source>
        <translation>transaction number</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="165"/>
        <source>缴费识别码</source>
        <translation>payment reference</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="166"/>
        <source>确认方式</source>
        <translation>confirmed how</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="167"/>
        <source>重复缴费：缴费平台又确认了已刷卡缴费的费用（缴费识别码）</source>
        <translation>paid twice: the payment platform confirmed a fee also paid by card (payment reference)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="176"/>
        <source>未采用的缴费平台确认（缴费识别码）</source>
        <translation>Payment confirmation not applied (payment ref.)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="179"/>
        <source>未采用的网上评价</source>
        <translation>Online rating not applied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="180"/>
        <source>未采用的差评申诉审核结果</source>
        <translation>Appeal decision not applied</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="183"/>
        <source>回访步骤</source>
        <translation>follow-up step</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="184"/>
        <source>已被采用的平台版本取代、不再有效的文书</source>
        <translation>Document no longer in effect, superseded by the platform&apos;s version adopted</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="187"/>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="190"/>
        <source>要求补正的材料</source>
        <translation>materials to correct</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="191"/>
        <source>收取的补正材料</source>
        <translation>corrected materials received</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="192"/>
        <source>补正的申请人信息</source>
        <translation>applicant data to correct</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="193"/>
        <source>等待补正（不计时）工作日</source>
        <translation>working days waited (not counted)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="196"/>
        <source>更正项</source>
        <translation>field</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="197"/>
        <source>原值</source>
        <translation>old</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="198"/>
        <source>新值</source>
        <translation>new</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="199"/>
        <source>不符合申请条件仍受理的理由</source>
        <translation>reason for accepting against the eligibility conditions</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="202"/>
        <source>超限受理审批人</source>
        <translation>approved past the limit by</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="203"/>
        <source>超限受理理由</source>
        <translation>reason past the limit</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="220"/>
        <source>长期</source>
        <translation>long-term</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="235"/>
        <source>模拟读卡器</source>
        <translation>simulated reader</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="236"/>
        <source>PC/SC 读卡器</source>
        <translation>PC/SC reader</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="237"/>
        <source>串口读卡器</source>
        <translation>serial-port reader</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="238"/>
        <source>身份证阅读器（厂商驱动）</source>
        <translation>ID card reader (vendor driver)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="239"/>
        <source>自动检测读卡器</source>
        <translation>reader detected automatically</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="245"/>
        <source>{kind}（{device}）</source>
        <translation>{kind} ({device})</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="254"/>
        <source>国标校验 GB 11643</source>
        <translation>GB 11643 check</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="255"/>
        <source>号码格式校验</source>
        <translation>number format check</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="256"/>
        <source>机读码校验位</source>
        <translation>MRZ check digits</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="257"/>
        <source>芯片与机读码一致</source>
        <translation>chip matches the MRZ</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="286"/>
        <source>长期有效</source>
        <translation>valid long-term</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="322"/>
        <source>第%n次补打</source>
        <translation>reprint no. %n</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="188"/>
        <source>证件来源</source>
        <translation>identity source</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="170"/>
        <source>平台已办理、本机未采用的进度</source>
        <translation>Step taken on the platform, not applied here</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="173"/>
        <source>平台已办理的进度（随办件从平台取回）</source>
        <translation>Step taken on the platform (fetched back with the case)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="189"/>
        <source>过期证件受理理由</source>
        <translation>reason for accepting an expired document</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="209"/>
        <source>读卡器读取</source>
        <translation>read by the card reader</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="210"/>
        <source>护照芯片</source>
        <translation>passport chip</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="211"/>
        <source>护照机读码录入</source>
        <translation>passport MRZ entered</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="212"/>
        <source>手工录入</source>
        <translation>typed by hand</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="213"/>
        <source>批量导入</source>
        <translation>imported</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="270"/>
        <source>未记录（本版本之前受理）</source>
        <translation>Not recorded (taken before this version)</translation>
    </message>
    <message>
        <location filename="../case_history_text.py" line="289"/>
        <source>有效期至 {date}</source>
        <translation>valid until {date}</translation>
    </message>
</context>
<context>
    <name>cases</name>
    <message>
        <location filename="../case_labels.py" line="22"/>
        <source>待上传</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="23"/>
        <source>已上传</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="24"/>
        <source>冲突，待处理</source>
        <translation>Conflict, to resolve</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="25"/>
        <source>被拒，待处理</source>
        <translation>Rejected, to resolve</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="30"/>
        <source>回执未打印</source>
        <translation>receipt not printed</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="45"/>
        <source>未打印</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="46"/>
        <source>已打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="47"/>
        <source>打印失败</source>
        <translation>Print failed</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="55"/>
        <source>状态变更</source>
        <translation>State change</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="56"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="57"/>
        <source>文书</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="58"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="59"/>
        <source>平台进度</source>
        <translation>Platform progress</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="60"/>
        <source>评价</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="61"/>
        <source>电子证照核验</source>
        <translation>E-licence check</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="62"/>
        <source>个人信息按保留期限清除</source>
        <translation>Personal data purged (retention)</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="71"/>
        <source>同步服务</source>
        <translation>sync service</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="72"/>
        <source>政务平台</source>
        <translation>government platform</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="73"/>
        <source>系统</source>
        <translation>system</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="74"/>
        <source>电子证照核验（系统）</source>
        <translation>e-licence check (system)</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="75"/>
        <source>容缺到期处理（系统）</source>
        <translation>deferral expiry (system)</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="76"/>
        <source>保留期限清除（系统）</source>
        <translation>Retention purge (system)</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="77"/>
        <source>培训大厅（系统）</source>
        <translation>training hall (system)</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="83"/>
        <source>命令行（{user}）</source>
        <translation>command line ({user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="84"/>
        <source>批量导入（{user}）</source>
        <translation>batch import ({user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="85"/>
        <source>容缺到期处理（命令行，{user}）</source>
        <translation>deferral expiry (command line, {user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="86"/>
        <source>首次启动（{user}）</source>
        <translation>first start ({user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="87"/>
        <source>保留期限清除（命令行，{user}）</source>
        <translation>Retention purge (command line, {user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="89"/>
        <source>承办部门（{user}）</source>
        <translation>Handling department ({user})</translation>
    </message>
    <message>
        <location filename="../case_labels.py" line="107"/>
        <source>{date}（{note}）</source>
        <translation>{date} ({note})</translation>
    </message>
</context>
<context>
    <name>correction</name>
    <message>
        <location filename="../correction.py" line="47"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../correction.py" line="48"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../correction.py" line="49"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../correction.py" line="50"/>
        <source>代办人（经办人）</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../correction.py" line="57"/>
        <source>{role}姓名</source>
        <translation>{role}&apos;s name</translation>
    </message>
    <message>
        <location filename="../correction.py" line="58"/>
        <source>{role}联系电话</source>
        <translation>{role}&apos;s phone</translation>
    </message>
    <message>
        <location filename="../correction.py" line="59"/>
        <source>{role}与申请人关系</source>
        <translation>{role}&apos;s relation to the applicant</translation>
    </message>
    <message>
        <location filename="../correction.py" line="73"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../correction.py" line="82"/>
        <source>材料：{names}</source>
        <translation>Materials: {names}</translation>
    </message>
    <message>
        <location filename="../correction.py" line="88"/>
        <source>信息：{names}</source>
        <translation>Data: {names}</translation>
    </message>
</context>
<context>
    <name>elicence</name>
    <message>
        <location filename="../elicence_tasks.py" line="37"/>
        <source>免交 · {number} · {issuer}</source>
        <translation>Exempt · {number} · {issuer}</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="41"/>
        <source> · 证照文件已附</source>
        <translation> · document attached</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="44"/>
        <source>待核验（{kind}），同步后自动核验</source>
        <translation>Pending ({kind}); verified automatically after the sync</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="47"/>
        <source>核验未通过（{kind}）：请收取纸质材料或重新核验</source>
        <translation>Not confirmed ({kind}): collect the paper material or look it up again</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="74"/>
        <source>重新核验电子证照</source>
        <translation>Look the e-licence up again</translation>
    </message>
    <message>
        <location filename="../elicence_tasks.py" line="76"/>
        <source>请申请人在“随申办”生成授权码，输入后重新查询电子证照库：</source>
        <translation>Ask the applicant for an authorisation code from the app, and enter it to look the register up again:</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../i18n.py" line="84"/>
        <source>操作没有完成：{error}。请重试；如果反复出现，请联系信息技术人员。</source>
        <translation>The action did not complete: {error}. Please retry; if it keeps happening, call IT.</translation>
    </message>
</context>
<context>
    <name>evaluation</name>
    <message>
        <location filename="../evaluation.py" line="55"/>
        <source>服务态度差</source>
        <translation>Unfriendly or impolite service</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="56"/>
        <source>等候时间过长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="57"/>
        <source>材料要求不清、多次跑腿</source>
        <translation>Unclear requirements, extra trips</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="58"/>
        <source>办理效率低</source>
        <translation>Slow handling</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="59"/>
        <source>对办理结果不满意</source>
        <translation>Dissatisfied with the outcome</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="60"/>
        <source>大厅环境或设施不便</source>
        <translation>Hall facilities or environment</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="61"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="69"/>
        <source>5 非常满意</source>
        <translation>5 Very satisfied</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="70"/>
        <source>4 满意</source>
        <translation>4 Satisfied</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="71"/>
        <source>3 基本满意</source>
        <translation>3 Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="72"/>
        <source>2 不满意</source>
        <translation>2 Dissatisfied</translation>
    </message>
    <message>
        <location filename="../evaluation.py" line="73"/>
        <source>1 非常不满意</source>
        <translation>1 Very dissatisfied</translation>
    </message>
</context>
<context>
    <name>followups</name>
    <message>
        <location filename="../rating_followups.py" line="41"/>
        <source>待联系</source>
        <translation>To contact</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="42"/>
        <source>已联系</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="43"/>
        <source>已核实</source>
        <translation>Finding recorded</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="44"/>
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="45"/>
        <location filename="../rating_followups.py" line="53"/>
        <source>申诉成立</source>
        <translation>Appeal upheld</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="52"/>
        <source>申诉待审</source>
        <translation>Appeal pending</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="54"/>
        <source>申诉驳回</source>
        <translation>Appeal rejected</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="61"/>
        <source>联系超期</source>
        <translation>Contact overdue</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="62"/>
        <source>办结超期</source>
        <translation>Settling overdue</translation>
    </message>
    <message>
        <location filename="../rating_followups.py" line="63"/>
        <source>整改超期</source>
        <translation>Rectification overdue</translation>
    </message>
</context>
<context>
    <name>hall_queue</name>
    <message>
        <location filename="../hall_queue.py" line="88"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="89"/>
        <source>临近超期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="90"/>
        <source>即办未结</source>
        <translation>Same-day case open</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="91"/>
        <source>容缺到期</source>
        <translation>Deferral due</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="92"/>
        <source>有容缺材料</source>
        <translation>Deferred materials</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="93"/>
        <source>差评待整改</source>
        <translation>Bad rating open</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="94"/>
        <source>待缴费</source>
        <translation>Payment due</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="95"/>
        <source>平台缴费未确认</source>
        <translation>Platform payment unconfirmed</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="96"/>
        <source>重复缴费待核实</source>
        <translation>Paid twice: check</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="97"/>
        <source>应退费</source>
        <translation>Refund owed</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="98"/>
        <source>结果待领取</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="99"/>
        <source>电子证照未核实</source>
        <translation>E-licence unverified</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="100"/>
        <source>事项已停办</source>
        <translation>Item withdrawn</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="101"/>
        <source>目录已变更</source>
        <translation>Catalog changed</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="102"/>
        <source>新增必交材料</source>
        <translation>Materials added</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="103"/>
        <source>时限已变</source>
        <translation>Time limit changed</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="104"/>
        <source>收费已变</source>
        <translation>Fee changed</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="105"/>
        <source>目录版本未发布</source>
        <translation>Unpublished catalog version</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="106"/>
        <source>代办规则不符</source>
        <translation>Agent rule not met</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="107"/>
        <source>同一申请人同一事项重复受理</source>
        <translation>Same applicant, same item again</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="110"/>
        <source>证件号码已登记其他姓名</source>
        <translation>ID number on file under another name</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="111"/>
        <source>网上申报重复使用</source>
        <translation>Pre-application used twice</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="112"/>
        <source>办件时间晚于平台接收时间</source>
        <translation>Dated after the platform received it</translation>
    </message>
    <message>
        <location filename="../hall_queue.py" line="113"/>
        <source>经办账号已停用</source>
        <translation>Made by a disabled account</translation>
    </message>
</context>
<context>
    <name>handover</name>
    <message>
        <location filename="../handover.py" line="33"/>
        <source>窗口领取</source>
        <translation>Pick-up at this hall</translation>
    </message>
    <message>
        <location filename="../handover.py" line="34"/>
        <source>邮寄送达（EMS）</source>
        <translation>Postal delivery (EMS)</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../labels.py" line="21"/>
        <source>已接件</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../labels.py" line="22"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../labels.py" line="23"/>
        <source>容缺受理</source>
        <translation>Accepted, materials deferred</translation>
    </message>
    <message>
        <location filename="../labels.py" line="24"/>
        <source>一次性告知（待补齐补正）</source>
        <translation>Notified to supplement</translation>
    </message>
    <message>
        <location filename="../labels.py" line="25"/>
        <source>不予受理</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../labels.py" line="26"/>
        <source>办理中</source>
        <translation>In process</translation>
    </message>
    <message>
        <location filename="../labels.py" line="27"/>
        <source>特别程序（暂停计时）</source>
        <translation>Suspended (special procedure)</translation>
    </message>
    <message>
        <location filename="../labels.py" line="28"/>
        <source>办结（准予）</source>
        <translation>Completed, approved</translation>
    </message>
    <message>
        <location filename="../labels.py" line="29"/>
        <source>办结（不予）</source>
        <translation>Completed, denied</translation>
    </message>
    <message>
        <location filename="../labels.py" line="30"/>
        <source>结果待领取</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../labels.py" line="31"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../labels.py" line="32"/>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../labels.py" line="33"/>
        <source>容缺终止（逾期未补齐）</source>
        <translation>Deferral terminated (deadline missed)</translation>
    </message>
    <message>
        <location filename="../labels.py" line="36"/>
        <source>已送达（已领取）</source>
        <translation>Result delivered</translation>
    </message>
    <message>
        <location filename="../labels.py" line="37"/>
        <source>待补正</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <location filename="../labels.py" line="44"/>
        <source>受理通知书（受理回执）</source>
        <translation>Acceptance Receipt</translation>
    </message>
    <message>
        <location filename="../labels.py" line="45"/>
        <source>一次性告知书</source>
        <translation>One-Time Notice of Materials to Supplement</translation>
    </message>
    <message>
        <location filename="../labels.py" line="46"/>
        <source>容缺受理通知书</source>
        <translation>Notice of Acceptance with Deferred Materials</translation>
    </message>
    <message>
        <location filename="../labels.py" line="47"/>
        <source>不予受理通知书</source>
        <translation>Notice of Non-Acceptance</translation>
    </message>
    <message>
        <location filename="../labels.py" line="48"/>
        <source>材料接收凭证</source>
        <translation>Materials Intake Voucher</translation>
    </message>
    <message>
        <location filename="../labels.py" line="49"/>
        <source>撤回申请回执</source>
        <translation>Withdrawal Receipt</translation>
    </message>
    <message>
        <location filename="../labels.py" line="50"/>
        <source>补齐材料回执</source>
        <translation>Receipt for Supplied Deferred Materials</translation>
    </message>
    <message>
        <location filename="../labels.py" line="51"/>
        <source>终止受理通知书</source>
        <translation>Notice of Termination of Acceptance</translation>
    </message>
    <message>
        <location filename="../labels.py" line="52"/>
        <source>领取回执</source>
        <translation>Receipt for the Result Collected</translation>
    </message>
    <message>
        <location filename="../labels.py" line="53"/>
        <source>补正材料收取凭证</source>
        <translation>Receipt for Correction Materials</translation>
    </message>
    <message>
        <location filename="../labels.py" line="54"/>
        <source>缴费通知书</source>
        <translation>Payment Notice</translation>
    </message>
    <message>
        <location filename="../labels.py" line="55"/>
        <source>一件事受理回执</source>
        <translation>One-Thing Acceptance Receipt</translation>
    </message>
    <message>
        <location filename="../labels.py" line="63"/>
        <source>中文</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <location filename="../labels.py" line="64"/>
        <source>中英双语</source>
        <translation>Chinese and English</translation>
    </message>
    <message>
        <location filename="../labels.py" line="84"/>
        <source>受理员</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../labels.py" line="85"/>
        <source>值班长</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../labels.py" line="86"/>
        <source>管理员</source>
        <translation>administrator</translation>
    </message>
</context>
<context>
    <name>payment</name>
    <message>
        <location filename="../payment.py" line="39"/>
        <source>待缴费</source>
        <translation>payment due</translation>
    </message>
    <message>
        <location filename="../payment.py" line="44"/>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <location filename="../payment.py" line="55"/>
        <source>无需缴费（{state}）</source>
        <translation>nothing to pay ({state})</translation>
    </message>
    <message>
        <location filename="../payment.py" line="65"/>
        <source>已缴费，应退费（{state}）</source>
        <translation>paid, refund owed ({state})</translation>
    </message>
    <message>
        <location filename="../payment.py" line="73"/>
        <source>已缴费</source>
        <translation>paid</translation>
    </message>
    <message>
        <location filename="../payment.py" line="74"/>
        <source>{amount}（{state}）</source>
        <translation>{amount} ({state})</translation>
    </message>
    <message>
        <location filename="../payment.py" line="95"/>
        <source>{method}，凭条号 {number}</source>
        <translation>{method}, receipt no. {number}</translation>
    </message>
    <message>
        <location filename="../payment.py" line="100"/>
        <source>{method}，缴费流水号 {number}（平台已确认）</source>
        <translation>{method}, transaction number {number} (confirmed by the platform)</translation>
    </message>
    <message>
        <location filename="../payment.py" line="102"/>
        <source>{method}，缴费流水号 {number}（待平台确认）</source>
        <translation>{method}, transaction number {number} (awaiting the platform&apos;s confirmation)</translation>
    </message>
    <message>
        <location filename="../payment.py" line="139"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>screenshots</name>
    <message>
        <location filename="../screenshots_supervisor.py" line="40"/>
        <source>午间暂停取号</source>
        <translation>Ticket machine paused at noon</translation>
    </message>
    <message>
        <location filename="../screenshots_supervisor.py" line="42"/>
        <source>今日12:00–13:00系统升级，期间暂停取号，请各窗口提前告知排队群众。</source>
        <translation>System upgrade today 12:00–13:00: no tickets are issued meanwhile. Please tell the people waiting in advance.</translation>
    </message>
</context>
<context>
    <name>shown_fresh</name>
    <message>
        <location filename="../shown_fresh.py" line="49"/>
        <source>统计时间 {time}</source>
        <translation>As of {time}</translation>
    </message>
</context>
<context>
    <name>window_shortcuts</name>
    <message>
        <location filename="../window_shortcuts.py" line="60"/>
        <source>本窗口的快捷键与常用术语</source>
        <translation>This window’s keys and terms</translation>
    </message>
    <message>
        <location filename="../window_shortcuts.py" line="63"/>
        <source>锁屏（离开窗口时）</source>
        <translation>Lock the screen (when leaving the window)</translation>
    </message>
    <message>
        <location filename="../window_shortcuts.py" line="64"/>
        <source>大厅通知已读</source>
        <translation>Hall notice read</translation>
    </message>
    <message>
        <location filename="../window_shortcuts.py" line="67"/>
        <source>发布大厅通知（值班长、管理员）</source>
        <translation>Publish a hall notice (supervisors, administrators)</translation>
    </message>
</context>
<context>
    <name>work_tabs</name>
    <message>
        <location filename="../work_tabs.py" line="45"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="46"/>
        <source>案件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="47"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="48"/>
        <source>容缺到期</source>
        <translation>Deferrals due</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="49"/>
        <source>大厅队列</source>
        <translation>Hall queue</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="50"/>
        <source>日结</source>
        <translation>End of day</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="51"/>
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="52"/>
        <source>审批</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="53"/>
        <source>问题办件</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="54"/>
        <source>好差评</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="55"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../work_tabs.py" line="56"/>
        <source>电子证照核验</source>
        <translation>E-licence checks</translation>
    </message>
</context>
</TS>
