<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../gdgui/ui/csv_import.py" line="+127"/>
        <source>Imported 1 point: x from “{0}”, y from “{1}”.</source>
        <extracomment>file name endings accepted by :func:`is_csv_drop` data rows shown in the preview table the preview is guessed from at most this many bytes at the start of the file shortest interval between two progress bar updates (seconds) bad rows listed in the dialog (the rest are counted) up to this many columns share the preview&apos;s width</extracomment>
        <translation>已导入 1 个点：x 取自“{0}”，y 取自“{1}”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported {0} points: x from “{1}”, y from “{2}”.</source>
        <translation>已导入 {0} 个点：x 取自“{1}”，y 取自“{2}”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Skipped 1 bad row (line {0}).</source>
        <translation>跳过了 1 个错误行（第 {0} 行）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skipped {0} bad rows (lines {1}).</source>
        <translation>跳过了 {0} 个坏行（第 {1} 行）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>… {0} more</source>
        <translation>…… 另有 {0} 个</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/editing.py" line="+289"/>
        <source>The data and the line fitted so far. Click to add a point, drag a point to move it, right-click a point to delete it</source>
        <extracomment>data of more points than this is not edited by hand (every point is drawn up to here) undo steps kept how long a status-bar message stays (ms) per run of an experiment, what it is: the index of a run of the other side of the edit it continues, a dropped run brought back, or None (a new run, at step 0) the runs of before (of after) dropped when it was left, by their index there</extracomment>
        <translation>数据和目前拟合的直线。单击添加点，拖动点可移动它，右键单击点可删除它</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The path of the parameters over the loss surface. Click to start the run there; drag to pan</source>
        <translation>参数在损失曲面上走过的路径。单击可从该处开始运行；拖动可平移</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Delete point</source>
        <translation>删除点(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete the selected data point (select one by clicking it; a right click on a point deletes it too)</source>
        <translation>删除选中的数据点（单击一个点即可选中；右键单击点也能删除它）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;lear data</source>
        <translation>清除数据(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove every data point but the first (a line needs at least one), then click the fit plot to add points</source>
        <translation>删除除第一个以外的所有数据点（直线至少需要一个点），然后单击拟合图添加点</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Undo: {0}</source>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo: {0}</source>
        <translation>重做：{0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+53"/>
        <location line="+14"/>
        <location line="+137"/>
        <source>Cannot make this edit: {0}</source>
        <translation>无法进行此编辑：{0}</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>Cannot start there: {0}</source>
        <translation>无法从该处开始：{0}</translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+17"/>
        <source>edit the experiment</source>
        <translation>编辑实验</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>continue from step {0}</source>
        <translation>从第 {0} 步继续</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The replay to step {0} differs from the history (a setting changed while running); it goes on from the replay.</source>
        <translation>重放到第 {0} 步的结果与历史不同（训练中改过设置）；将从重放的结果继续。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot {0}: this problem has no data.</source>
        <translation>无法{0}：此问题没有数据。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot {0}: editing by hand works on up to {1} points and this data has {2}.</source>
        <translation>无法{0}：手动编辑最多支持 {1} 个点，而此数据有 {2} 个。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>add a point</source>
        <translation>添加点</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>add point ({0}, {1})</source>
        <translation>添加点 ({0}, {1})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>move a point</source>
        <translation>移动点</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>move point to ({0}, {1})</source>
        <translation>将点移到 ({0}, {1})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>delete a point</source>
        <translation>删除点</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot delete the last data point: a line needs at least one. Add another point first.</source>
        <translation>无法删除最后一个数据点：直线至少需要一个点。请先添加另一个点。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>delete point ({0}, {1})</source>
        <translation>删除点 ({0}, {1})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No point selected: click a data point first.</source>
        <translation>未选中点：请先单击一个数据点。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot clear the data: this problem has no data.</source>
        <translation>无法清除数据：此问题没有数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to clear: one point is the least a line needs.</source>
        <translation>无可清除：直线至少需要一个点。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>clear data</source>
        <translation>清除数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cleared the data but its first point (a line needs at least one); click the fit plot to add points. {0} undoes.</source>
        <translation>已清除除第一个点外的数据（直线至少需要一个点）；单击拟合图可添加点。{0} 可撤销。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>start at {0}</source>
        <translation>从 {0} 开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>start {0} at {1}</source>
        <translation>把 {0} 的起点设为 {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The run starts at {0}.</source>
        <translation>运行将从 {0} 开始。</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/files.py" line="+120"/>
        <location line="+9"/>
        <source>Unsaved changes</source>
        <extracomment>File → New opens this bundled experiment File → Open Recent lists at most this many files answers of :func:`ask_unsaved_changes` errors listed in a message box&apos;s text (all of them are in its details)</extracomment>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Save the changes to “{0}”?</source>
        <translation>保存对“{0}”的更改吗？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation>如果不保存，您的更改将会丢失。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the experiment, then go on</source>
        <translation>保存实验，然后继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on without saving: the changes are lost</source>
        <translation>不保存并继续：更改将会丢失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stay with the experiment as it is</source>
        <translation>保留当前实验，不做操作</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>&amp;New experiment</source>
        <translation>新建实验(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start again from tutorial 003</source>
        <translation>从教程 003 重新开始</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open an experiment file (JSON)</source>
        <translation>打开实验文件（JSON）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save experiment</source>
        <translation>保存实验(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the experiment to its file (JSON)</source>
        <translation>将实验保存到其文件（JSON）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save experiment &amp;as…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the experiment to a new file (JSON)</source>
        <translation>将实验保存到新文件（JSON）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import data (CSV)…</source>
        <translation>导入数据（CSV）(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit a line to x and y read from a CSV file (or drop the file on the window)</source>
        <translation>用从 CSV 文件读取的 x 和 y 拟合直线（也可把文件拖到窗口上）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export &amp;data as CSV…</source>
        <translation>将数据导出为 CSV(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the points of the line problem as a CSV file</source>
        <translation>将直线问题的数据点保存为 CSV 文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export &amp;history as CSV…</source>
        <translation>将历史导出为 CSV(&amp;H)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the step log (parameters, loss, gradient per step) as a CSV file</source>
        <translation>将步骤记录（每步的参数、损失、梯度）保存为 CSV 文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Clear list</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget the recently used files</source>
        <translation>清除最近使用的文件</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/optimizer.py" line="+56"/>
        <source>allowed: {0}</source>
        <translation>允许范围：{0}</translation>
    </message>
    <message>
        <location line="+48"/>
        <location line="+26"/>
        <source>Optimizer</source>
        <extracomment>combining marks in the optimizers&apos; rules and what stands in for them in rich text</extracomment>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>The update rule; each follows torch.optim step for step</source>
        <translation>更新规则；每个优化器都与 torch.optim 逐步一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Update rule</source>
        <translation>更新规则</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learning-rate notice</source>
        <translation>学习率提示</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The learning rate carried over from the previous problem would diverge on this one, so it was lowered</source>
        <translation>沿用上一个问题的学习率会在这个问题上发散，所以已调低</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The update rule of {0} ({1})</source>
        <extracomment>the learning-rate schedule, under the hyperparameters (its own errors beside it)</extracomment>
        <translation>{0} 的更新规则（{1}）</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+23"/>
        <source>stable below {0}</source>
        <translation>低于 {0} 时稳定</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>no minimum (saddle)</source>
        <translation>没有最小值（鞍点）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>fastest {0}</source>
        <translation>最快 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For full-batch gradient descent on this quadratic loss the curvature (the eigenvalues of the Hessian the optimizer sees) runs from λ_min = {0} to λ_max = {1}. A step η·λ_max ≥ 2 overshoots the minimum along the steepest direction by more than it started from, so the run diverges: η must stay below 2/λ_max = {2}. The error shrinks fastest at η = 2/(λ_max + λ_min) = {3}.</source>
        <translation>对这个二次损失函数做全批量梯度下降时，曲率（优化器所见 Hessian 矩阵的特征值）从 λ_min = {0} 到 λ_max = {1}。若 η·λ_max ≥ 2，沿最陡方向的一步越过最小值的距离比出发时还远，运行就会发散：η 必须小于 2/λ_max = {2}。η = 2/(λ_max + λ_min) = {3} 时误差减小得最快。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This is the Hessian in standardized x, where the optimizer works.</source>
        <translation>这是标准化 x 下的 Hessian 矩阵，优化器就在这里工作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With mini-batches the noisy steps usually need a smaller rate still.</source>
        <translation>使用小批量时，带噪声的步通常需要更小的学习率。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>with μ = {0:g}</source>
        <translation>μ = {0:g} 时</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+7"/>
        <location line="+6"/>
        <source>gradient descent: {0}</source>
        <translation>梯度下降：{0}</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>With momentum μ the stable limit moves to {0}.</source>
        <translation>有动量 μ 时，稳定上限变为 {0}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} divides each step by a running size of the gradient, so these limits do not apply to it directly.</source>
        <translation>{0} 把每一步除以梯度的滑动大小，因此这些上限并不直接适用于它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>with μ = {0:g} no learning rate is stable: use μ &lt; 1</source>
        <translation>μ = {0:g} 时没有稳定的学习率：请使用 μ &lt; 1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>η = {0:g} is past the stable limit: expect the run to diverge</source>
        <translation>η = {0:g} 超过了稳定上限：运行可能会发散</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lower the learning rate below {0}</source>
        <translation>请将学习率降到 {0} 以下</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, or standardize x</source>
        <translation>，或将 x 标准化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>η = {0:g} is at or past the stable limit {1}: expect the run to diverge. {2}.</source>
        <translation>η = {0:g} 达到或超过稳定上限 {1}：运行可能会发散。{2}。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Learning-rate limits</source>
        <translation>学习率上限</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/run.py" line="+49"/>
        <source>Full batch (gradient descent)</source>
        <translation>全批量（梯度下降）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 sample (stochastic)</source>
        <translation>1 个样本（随机梯度下降）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mini-batch of B</source>
        <translation>小批量 B</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many samples each step&apos;s gradient is taken over: all of them, one drawn at random, or B drawn at random (reshuffled every epoch)</source>
        <translation>每步的梯度基于多少个样本计算：全部样本、随机抽取一个，或随机抽取 B 个（每轮重新打乱）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mini-batch size B</source>
        <translation>小批量大小 B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples per step in mini-batch mode</source>
        <translation>小批量模式下每步的样本数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Length unit</source>
        <translation>长度单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count the run&apos;s length in epochs (passes over the data) or in steps</source>
        <translation>按轮（遍历一次数据）或按步计算运行长度</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+77"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>How long the run is: it stops after this many</source>
        <translation>运行多长：达到此数后停止</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seeds the batch order (and gradient noise): the same seed gives the same run</source>
        <translation>决定批量顺序（和梯度噪声）：相同的种子得到相同的运行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gradient noise σ</source>
        <translation>梯度噪声 σ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Standard deviation of Gaussian noise added to every gradient the optimizer sees (0: none)</source>
        <translation>加到优化器所见每个梯度上的高斯噪声的标准差（0：无噪声）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping tolerance</source>
        <translation>停止容差</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop, converged, when the full-data gradient norm ‖∇L‖ falls below this (0: never)</source>
        <translation>全数据梯度范数 ‖∇L‖ 低于此值时停止（视为收敛；0：从不）</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+42"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Steps per second while running, from 1 to unlimited (as fast as the computer goes)</source>
        <translation>运行时每秒的步数，从 1 到不限（计算机能跑多快就多快）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>1/s</source>
        <translation>1/秒</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+64"/>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/problem.py" line="+261"/>
        <location filename="../../gdgui/ui/panels/run.py" line="+2"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="-66"/>
        <location line="+64"/>
        <location filename="../../gdgui/ui/panels/run.py" line="+1"/>
        <source>Noise σ</source>
        <translation>噪声 σ</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/run.py" line="+1"/>
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <location line="+37"/>
        <location filename="../../gdgui/ui/scrubber.py" line="+114"/>
        <source>{0} steps/s</source>
        <translation>{0} 步/秒</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Initial {0}</source>
        <translation>{0} 初始值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The value of {0} the run starts from</source>
        <translation>运行开始时 {0} 的值</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/prediction.py" line="+32"/>
        <source>Predict at x</source>
        <translation>预测点 x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The x to predict ŷ at, on the data&apos;s own scale</source>
        <translation>要预测 ŷ 的 x，使用数据的原始尺度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Prediction now</source>
        <translation>当前预测</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>ŷ at x with the current parameters</source>
        <translation>用当前参数在 x 处得到的 ŷ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Prediction before training</source>
        <translation>训练前的预测</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>ŷ at x with the parameters the run started from (step 0)</source>
        <translation>用运行开始时（第 0 步）的参数在 x 处得到的 ŷ</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>x =</source>
        <translation>x =</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ŷ now</source>
        <translation>当前 ŷ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ŷ before training</source>
        <translation>训练前 ŷ</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>{0}
Exactly: {1}</source>
        <translation>{0}
精确值：{1}</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/expression.py" line="+112"/>
        <source>Your function of x and y, e.g. x**2 - y**2 + 0.1*sin(3*x).
Operators + - * / ** (or ^); constants pi, e; functions sin cos tan exp log log10 log2 sqrt abs sign step sinh cosh tanh asin acos atan min max.
Checked as you type; the last valid function stays in use until the text is fixed (Escape brings it back).</source>
        <extracomment>how long typing must pause before f(x, y) is checked and applied the gradient label shows this many characters of each partial (the rest: &quot;…&quot;) and its tooltip this many of the whole gradient</extracomment>
        <translation>您自己的 x 和 y 的函数，例如 x**2 - y**2 + 0.1*sin(3*x)。
运算符 + - * / **（或 ^）；常量 pi、e；函数 sin cos tan exp log log10 log2 sqrt abs sign step sinh cosh tanh asin acos atan min max。
输入时即检查；在文本改正之前继续使用上一个有效的函数（按 Escape 恢复它）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Function f(x, y)</source>
        <translation>函数 f(x, y)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where the error is</source>
        <translation>错误所在位置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Function error</source>
        <translation>函数错误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradient of f</source>
        <translation>f 的梯度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The exact gradient of f, derived symbolically: what the optimizer follows</source>
        <translation>通过符号求导得到的 f 的精确梯度（各偏导数）：优化器沿着它走</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>{0} at column {1}</source>
        <translation>{0}（第 {1} 列）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (the last valid function stays in use)</source>
        <translation>（继续使用上一个有效的函数）</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/problem.py" line="-181"/>
        <source>Plot {0} min</source>
        <translation>绘图 {0} 最小值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the plot&apos;s {0} axis starts</source>
        <translation>绘图 {0} 轴的起点</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plot {0} max</source>
        <translation>绘图 {0} 最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the plot&apos;s {0} axis ends</source>
        <translation>绘图 {0} 轴的终点</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+132"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Usual plot range</source>
        <translation>默认绘图范围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to this problem&apos;s usual plot range</source>
        <translation>恢复此问题的默认绘图范围</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>must be less than {0} max ({1:g})</source>
        <translation>必须小于 {0} 最大值（{1:g}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>must be greater than {0} min ({1:g})</source>
        <translation>必须大于 {0} 最小值（{1:g}）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Line through 0:  y = w·x</source>
        <translation>过原点的直线：y = w·x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line:  y = w·x + b</source>
        <translation>直线：y = w·x + b</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+108"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>What gradient descent minimises: the mean squared error of a line fitted to data, a test surface f(x, y), or a function you type</source>
        <translation>梯度下降要最小化的对象：直线拟合数据的均方误差、测试曲面 f(x, y)，或您输入的函数</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Your own f(x, y)</source>
        <translation>自定义 f(x, y)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The surface&apos;s formula</source>
        <translation>曲面的公式</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Doubling: y = 2x at x = 1…4</source>
        <translation>倍数：x = 1…4 时 y = 2x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Noisy line</source>
        <translation>带噪声的直线</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+81"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>The points the line is fitted to: a preset, or a CSV file or points given in the experiment</source>
        <translation>直线要拟合的数据点：预设数据集、CSV 文件或实验中给出的点</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number of points</source>
        <translation>点数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many noisy points to draw (x uniform in the x range)</source>
        <translation>生成多少个带噪声的点（x 在 x 范围内均匀分布）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>True slope</source>
        <translation>真实斜率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The slope of the line the points scatter around</source>
        <translation>数据点所围绕直线的斜率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>True intercept</source>
        <translation>真实截距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The intercept of the line the points scatter around</source>
        <translation>数据点所围绕直线的截距</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Standard deviation of the Gaussian noise on y</source>
        <translation>y 上高斯噪声的标准差</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Smallest x</source>
        <translation>最小 x</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>x is drawn uniformly from x min to x max</source>
        <translation>x 在 x 最小值到 x 最大值之间均匀抽取</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>must be less than x max ({0:g})</source>
        <translation>必须小于 x 最大值（{0:g}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Largest x</source>
        <translation>最大 x</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>must be greater than x min ({0:g})</source>
        <translation>必须大于 x 最小值（{0:g}）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seeds the random points: the same seed draws the same data</source>
        <translation>决定随机生成的点：相同的种子生成相同的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Standardize x</source>
        <translation>标准化 x</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The optimizer works on standardized data: x′ = (x − mean)/std for y = w·x + b, x′ = x/rms for y = w·x. The loss surface becomes round, so one learning rate suits every parameter, even for x in the tens of thousands.
The line, its coefficients and predictions stay on the original scale of x.</source>
        <translation>优化器在标准化后的数据上工作：对 y = w·x + b 取 x′ = (x − 均值)/标准差，对 y = w·x 取 x′ = x/均方根。损失曲面变圆，因此一个学习率适合所有参数，即使 x 有好几万也是如此。
直线、其系数和预测仍使用 x 的原始尺度。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>f(x, y) =</source>
        <translation>f(x, y) =</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plot</source>
        <translation>绘图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Points n</source>
        <translation>点数 n</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slope</source>
        <translation>斜率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intercept</source>
        <translation>截距</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>x from</source>
        <translation>x 从</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Surface parameter {0}</source>
        <translation>曲面参数 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The parameter {0} in f(x, y) = {1} (usually {2:g})</source>
        <translation>f(x, y) = {1} 中的参数 {0}（通常为 {2:g}）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>f(x, y) with no data: every step follows the exact gradient.</source>
        <translation>没有数据的 f(x, y)：每一步都沿精确梯度走。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Minimum f = {0} at ({1}, {2}).</source>
        <translation>最小值 f = {0}，位于 ({1}, {2})。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} points.</source>
        <translation>{0} 个点。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 point.</source>
        <translation>1 个点。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Least squares: {0}.</source>
        <translation>最小二乘解：{0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The optimizer works on {0} (standardized x); everything shown is on the original scale.</source>
        <translation>优化器在 {0}（标准化 x）上工作；显示的一切都使用原始尺度。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 point</source>
        <translation>1 个点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} points</source>
        <translation>{0} 个点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} vs {1} ({2})</source>
        <translation>{0} 对 {1}（{2}）</translation>
    </message>
    <message>
        <source>CSV file: {0}</source>
        <translation type="vanished">CSV 文件：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Given points ({0})</source>
        <translation>给定的点（{0}）</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/widgets.py" line="+103"/>
        <source>must be &gt;= 0, got {0:g}</source>
        <translation>必须 &gt;= 0，实际为 {0:g}</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>not a number: {0!r}; type e.g. 0.01 or 3e-4</source>
        <translation>不是数字：{0!r}；请输入如 0.01 或 3e-4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must be a finite number, got {0}</source>
        <translation>必须是有限的数，实际为 {0}</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>log scale, </source>
        <translation>对数刻度，</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} slider</source>
        <translation>{0} 滑块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}
Slider: {1}{2:g} to {3:g}</source>
        <translation>{0}
滑块：{1}{2:g} 到 {3:g}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_strings.py" line="+4"/>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay λ</source>
        <translation>权重衰减 λ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum μ</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dampening τ</source>
        <translation>阻尼 τ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LR decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Initial sum</source>
        <translation>初始累加值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epsilon ε</source>
        <translation>小常数 ε</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smoothing α</source>
        <translation>平滑系数 α</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Centered</source>
        <translation>中心化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>β₁</source>
        <translation>β₁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>β₂</source>
        <translation>β₂</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum</source>
        <translation>动量法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saddle</source>
        <translation>鞍面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elongated bowl</source>
        <translation>狭长碗形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rosenbrock</source>
        <translation>Rosenbrock 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beale</source>
        <translation>Beale 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Booth</source>
        <translation>Booth 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Himmelblau</source>
        <translation>Himmelblau 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rastrigin</source>
        <translation>Rastrigin 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ackley</source>
        <translation>Ackley 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goldstein–Price</source>
        <translation>Goldstein–Price 函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Six-hump camel</source>
        <translation>六峰驼背函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saddle between two valleys</source>
        <translation>两谷之间的鞍点</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/language.py" line="+130"/>
        <source>&amp;Language</source>
        <extracomment>each language in its own words, as the menu lists it</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language of the window (applies after a restart)</source>
        <translation>窗口的语言（重启后生效）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show the window in {0} from the next start</source>
        <translation>下次启动时以{0}显示窗口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system&apos;s language from the next start</source>
        <translation>下次启动时跟随系统语言</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Applies after a restart</source>
        <translation>重启后生效</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/column.py" line="+38"/>
        <source>change the problem</source>
        <translation>更改问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>change the data</source>
        <translation>更改数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set the learning-rate schedule</source>
        <translation>设置学习率调度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>switch the optimizer</source>
        <translation>切换优化器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set the learning rate</source>
        <translation>设置学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set {0}</source>
        <translation>设置 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>standardize x</source>
        <translation>标准化 x</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set the start</source>
        <translation>设置起点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the run settings</source>
        <translation>更改训练设置</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/docks.py" line="+183"/>
        <source>3D view as PNG…</source>
        <extracomment>on first start the window takes this fraction of the screen&apos;s available area the bottom docks (step log, explanation) start at most this fraction of the height and never below this (px): a header and a row or two of the step log the bottom docks (step log, Runs) grow to at most this fraction of the window&apos;s height to show their rows: the step log this many, a race&apos;s Runs dock :data:`gdgui.ui.runs_dock.ROWS_WANTED` the step log grows only while the plots keep this fraction of the height a race&apos;s Runs dock takes the bottom&apos;s width but this much for the step log (px)</extracomment>
        <translation>3D 视图另存为 PNG…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the 3D view of the loss surface as an image file</source>
        <translation>把损失曲面的 3D 视图保存为图像文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use a stable learning rate</source>
        <translation>使用稳定的学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a stable learning rate and start again</source>
        <translation>设置一个稳定的学习率并重新开始</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Trajectory views</source>
        <translation>轨迹视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The path over the loss surface: from above, or in 3D</source>
        <translation>损失曲面上的路径：俯视或三维</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Map</source>
        <translation>俯视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The loss surface from above, with contour lines</source>
        <translation>俯视的损失曲面，带等高线</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>3D</source>
        <translation>三维</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The loss surface in relief: drag to rotate, scroll to zoom</source>
        <translation>立体的损失曲面：拖动旋转，滚轮缩放</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>S&amp;weep…</source>
        <translation>扫描(&amp;W)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run many learning rates (and momenta) at once and compare them</source>
        <translation>同时运行多个学习率（和动量）并加以比较</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scroll the tabs left</source>
        <translation>向左滚动标签页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scroll the tabs right</source>
        <translation>向右滚动标签页</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Show or hide the step written out with every number</source>
        <translation>显示或隐藏代入所有数字的单步讲解</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+2"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>add a run from the sweep</source>
        <translation>从扫描添加一次训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot use this configuration</source>
        <translation>无法使用此配置</translation>
    </message>
    <message>
        <location line="+115"/>
        <location line="+13"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>3D view: this display offers no OpenGL</source>
        <translation>3D 视图：此显示器不提供 OpenGL</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Use η = {0}</source>
        <translation>使用 η = {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Near the start, gradient steps are stable below η = {0}; set η = {1} and start again</source>
        <translation>在起点附近，η 低于 {0} 时梯度步是稳定的；设置 η = {1} 并重新开始</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This problem is stable below η = {0}; set η = {1} and start again</source>
        <translation>这个问题在 η 低于 {0} 时稳定；设置 η = {1} 并重新开始</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot use this learning rate</source>
        <translation>无法使用此学习率</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learning rate set to {0}</source>
        <translation>学习率已设为 {0}</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/help.py" line="+42"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&lt;h3&gt;gdgui {0}&lt;/h3&gt;&lt;p&gt;A desktop explorer for gradient descent: watch optimizers fit lines and roll down surfaces, live.&lt;/p&gt;&lt;p&gt;Licence: MIT.&lt;/p&gt;&lt;p&gt;Python {1}, Qt {2} (PySide6 {3}), pyqtgraph {4}, NumPy {5}.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;gdgui {0}&lt;/h3&gt;&lt;p&gt;梯度下降的桌面探索工具：实时观看优化器拟合直线、沿曲面下降。&lt;/p&gt;&lt;p&gt;许可证：MIT。&lt;/p&gt;&lt;p&gt;Python {1}，Qt {2}（PySide6 {3}），pyqtgraph {4}，NumPy {5}。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&lt;h2&gt;gdgui in five minutes&lt;/h2&gt;&lt;h3&gt;The panels&lt;/h3&gt;&lt;p&gt;On the left, &lt;b&gt;Experiment&lt;/b&gt; holds the problem (a line to fit to data points, or a surface to roll down), the optimizer and its settings (the learning rate η, momentum, …), and how long to run. A change to the optimizer&apos;s settings applies at the next step; a change to the problem starts again from step 0.&lt;/p&gt;&lt;h3&gt;Running&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Run&lt;/b&gt; (Space) runs or pauses, &lt;b&gt;Step&lt;/b&gt; (→) takes one step, &lt;b&gt;Step epoch&lt;/b&gt; (Shift+→) the rest of the epoch, &lt;b&gt;Reset&lt;/b&gt; (Ctrl+R) goes back to step 0. After typing a number, press Enter: Space then runs again.&lt;/p&gt;&lt;h3&gt;Reading the plots&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Fit&lt;/b&gt;: the data points and the line the optimizer has found so far; fainter lines are earlier steps.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Trajectory&lt;/b&gt;: the loss surface seen from above (its colour bar gives the loss), the contour lines, and the path the parameters take; the arrows are −∇f and the last step. With one parameter it is the curve L(w) with the point rolling down. The &lt;b&gt;3D&lt;/b&gt; tab shows the same surface in relief.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Loss&lt;/b&gt;: the loss after each step; switch to a logarithmic scale to see a steady decrease as a straight line.&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;The tutorials&apos; example&lt;/h3&gt;&lt;p&gt;Tutorial 003 fits y = w·x to four points (x = 1…4, y = 2x) by gradient descent from w = 1 at η = 0.01: the point rolls down L(w) to w = 2. Set η to 0.2 and run: the steps overshoot further each time and the run diverges, because gradient descent is stable only below 2/λ_max = 2/15 here. The &lt;b&gt;Use η = …&lt;/b&gt; button beside the state sets a stable rate and starts again.&lt;/p&gt;&lt;h3&gt;More&lt;/h3&gt;&lt;p&gt;&lt;b&gt;View → Explain this step&lt;/b&gt; writes the current step out with every number; &lt;b&gt;View → Sweep&lt;/b&gt; runs many learning rates at once; &lt;b&gt;View → Presentation mode&lt;/b&gt; (F5) makes everything bigger for a projector (Ctrl+= and Ctrl+- adjust, Esc leaves).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;五分钟上手 gdgui&lt;/h2&gt;&lt;h3&gt;面板&lt;/h3&gt;&lt;p&gt;左侧的&lt;b&gt;实验&lt;/b&gt;面板包含问题（用直线拟合数据点，或沿曲面下降）、优化器及其设置（学习率 η、动量……）以及训练多久。优化器设置的改动从下一步起生效；问题的改动会从第 0 步重新开始。&lt;/p&gt;&lt;h3&gt;运行&lt;/h3&gt;&lt;p&gt;&lt;b&gt;运行&lt;/b&gt;（空格）运行或暂停，&lt;b&gt;单步&lt;/b&gt;（→）走一步，&lt;b&gt;走完一轮&lt;/b&gt;（Shift+→）走完这一轮剩下的步，&lt;b&gt;重置&lt;/b&gt;（Ctrl+R）回到第 0 步。输入数字后按回车：之后空格又可以运行。&lt;/p&gt;&lt;h3&gt;看懂图表&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;拟合&lt;/b&gt;：数据点和优化器目前找到的直线；较淡的线是之前的步。&lt;/li&gt;&lt;li&gt;&lt;b&gt;轨迹&lt;/b&gt;：俯视的损失曲面（颜色条给出损失值）、等高线以及参数走过的路径；箭头是 −∇f 和上一步。只有一个参数时，它是曲线 L(w) 和沿曲线滚下的点。&lt;b&gt;三维&lt;/b&gt;标签页以立体方式显示同一个曲面。&lt;/li&gt;&lt;li&gt;&lt;b&gt;损失&lt;/b&gt;：每一步之后的损失；切换到对数坐标，稳定的下降会显示为一条直线。&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;教程中的例子&lt;/h3&gt;&lt;p&gt;教程 003 用梯度下降把 y = w·x 拟合到四个点（x = 1…4，y = 2x），从 w = 1 出发，η = 0.01：点沿 L(w) 滚到 w = 2。把 η 设为 0.2 再运行：每一步越冲越远，训练发散，因为这里梯度下降只在学习率低于 2/λ_max = 2/15 时稳定。状态旁的&lt;b&gt;使用 η = …&lt;/b&gt;按钮会设置一个稳定的学习率并重新开始。&lt;/p&gt;&lt;h3&gt;更多&lt;/h3&gt;&lt;p&gt;&lt;b&gt;视图 → 讲解这一步&lt;/b&gt;把当前这一步代入所有数字写出来；&lt;b&gt;视图 → 扫描&lt;/b&gt;同时运行多个学习率；&lt;b&gt;视图 → 演示模式&lt;/b&gt;（F5）为投影仪放大一切（Ctrl+= 和 Ctrl+- 调整，Esc 退出）。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Close this window</source>
        <translation>关闭此窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+10"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Every keyboard shortcut of the window</source>
        <translation>窗口的所有键盘快捷键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+3"/>
        <source>Guide</source>
        <translation>指南</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>A short guide to the window</source>
        <translation>窗口的简短指南</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A short guide: panels, plots, an example</source>
        <translation>简短指南：面板、图表和一个例子</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every keyboard shortcut</source>
        <translation>所有键盘快捷键</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About gdgui</source>
        <translation>关于 gdgui(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About gdgui</source>
        <translation>关于 gdgui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version, licence and the libraries in use</source>
        <translation>版本、许可证和所用的库</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/presentation.py" line="+189"/>
        <source>&amp;Presentation mode</source>
        <extracomment>the factor presentation mode starts at (before one is chosen this session) Ctrl+= multiplies by this, Ctrl+- divides the factors allowed (the plots clamp to theirs too) the left column takes at most this fraction of the window&apos;s width or this, for a race (the Runs tab&apos;s columns) and the tabs under the panels (runs, step log) at most this fraction of its height for a single run the step log in front: this many rows, at most this fraction the experiment&apos;s description shows at most this many lines in presentation mode widgets whose owners scale their fonts (plots, the explanation) the factor of this session, remembered across F5 presses (and windows) the experiment&apos;s description, elided to DESCRIPTION_LINES while on</extracomment>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bigger text, lines and markers for a projector</source>
        <translation>为投影仪放大文字、线条和标记</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Bigger</source>
        <translation>放大(&amp;B)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make presentation mode bigger</source>
        <translation>让演示模式更大</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;maller</source>
        <translation>缩小(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make presentation mode smaller</source>
        <translation>让演示模式更小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave presentation mode</source>
        <translation>退出演示模式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back to the normal sizes</source>
        <translation>恢复正常大小</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>Presentation mode: {0}× (Ctrl+= bigger, Ctrl+- smaller, Esc leaves)</source>
        <translation>演示模式：{0}×（Ctrl+= 放大，Ctrl+- 缩小，Esc 退出）</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/jobs.py" line="+83"/>
        <source>Another file operation is still running.</source>
        <extracomment>a job&apos;s progress dialog appears after this long (ms) what :func:`run_job` returns when the user cancelled</extracomment>
        <translation>另一个文件操作仍在进行。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+5"/>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>A file operation is running; the run goes on meanwhile</source>
        <translation>正在进行文件操作；训练同时继续</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the file operation (nothing is written or opened)</source>
        <translation>停止文件操作（不写入也不打开任何文件）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/panels/schedule.py" line="+42"/>
        <source>Constant η</source>
        <translation>恒定 η</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multi-step</source>
        <translation>多阶梯</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exponential</source>
        <translation>指数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear (warm-up)</source>
        <translation>线性（预热）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Steps between decays</source>
        <translation>两次衰减之间的步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>γ: the factor the rate is multiplied by</source>
        <translation>γ：学习率乘以的因子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The updates after which η decays, e.g. 30, 60, 90 (a milestone listed twice decays twice)</source>
        <translation>η 在这些更新次数之后衰减，例如 30, 60, 90（列出两次的里程碑衰减两次）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Updates from η₀ down to eta_min</source>
        <translation>从 η₀ 降到 eta_min 所用的更新次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The smallest rate</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>η₀ is multiplied by this at the start</source>
        <translation>开始时 η₀ 乘以这个因子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>… and by this after total_iters updates</source>
        <translation>……在 total_iters 次更新之后乘以这个因子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updates from the start to the end factor</source>
        <translation>从起始因子到结束因子所用的更新次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The peak rate</source>
        <translation>峰值学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updates in the cycle (at least as many as the run takes)</source>
        <translation>一个周期的更新次数（至少与训练的步数一样多）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fraction of the cycle spent warming up</source>
        <translation>周期中用于预热的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shape of each phase</source>
        <translation>每个阶段的形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cycle the momentum (or Adam&apos;s β₁) opposite to the rate</source>
        <translation>让动量（或 Adam 的 β₁）与学习率反向循环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum at the peak rate</source>
        <translation>学习率达到峰值时的动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum at the start and the end</source>
        <translation>开始和结束时的动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The start rate is max_lr/div_factor</source>
        <translation>起始学习率为 max_lr/div_factor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The final rate is the start rate/final_div_factor</source>
        <translation>最终学习率为起始学习率/final_div_factor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm up, come back down to the start rate, then anneal</source>
        <translation>先预热，再回落到起始学习率，然后退火</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Learning-rate schedule</source>
        <extracomment>onecycle&apos;s momentum-cycling parameters (shown only where there is a momentum to cycle)</extracomment>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How η changes during the run; each schedule follows torch.optim.lr_scheduler step for step</source>
        <translation>η 在训练中如何变化；每种调度都与 torch.optim.lr_scheduler 逐步一致</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>every step</source>
        <translation>每一步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>every epoch</source>
        <translation>每一轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule advances</source>
        <translation>调度推进</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Whether the schedule advances after every optimizer step or after the last step of each epoch</source>
        <translation>调度是在每个优化器步之后推进，还是在每一轮的最后一步之后推进</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Schedule rule</source>
        <translation>调度规则</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Schedule</source>
        <extracomment>the parameter fields of the shown schedule, by torch&apos;s name</extracomment>
        <translation>调度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Advances</source>
        <translation>推进</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The rule of {0} ({1})</source>
        <translation>{0} 的规则（{1}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>torch&apos;s name: {0}</source>
        <translation>torch 中的名称：{0}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>must be an integer, got {0:g}</source>
        <translation>必须是整数，得到的是 {0:g}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{0}: type whole numbers separated by commas, e.g. 30, 60, 90</source>
        <translation>{0}：请输入以逗号分隔的整数，例如 30, 60, 90</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/scrubber.py" line="-25"/>
        <source>Home</source>
        <extracomment>the replay speeds offered, in steps per second the replay&apos;s tick the user chose step k (the slider, Home, End or the replay)</extracomment>
        <translation>开头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to step 0 (the later steps are kept)</source>
        <translation>回到第 0 步（后面的步保留）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scrub through the run&apos;s history: the plots show the run as it stood at that step</source>
        <translation>拖动浏览训练历史：图表显示训练在那一步时的样子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>End</source>
        <translation>末尾</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Go to the latest step (live)</source>
        <translation>转到最新的一步（实时）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replay the history from here (from step 0 at the end)</source>
        <translation>从这里重放历史（在末尾时从第 0 步开始）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>How fast the replay goes, in steps per second</source>
        <translation>重放速度，单位为步/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replay speed</source>
        <translation>重放速度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The step shown, of the steps the run has taken</source>
        <translation>所显示的步，以及训练已走的步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step shown</source>
        <translation>显示的步</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Step &amp;back</source>
        <translation>后退一步(&amp;B)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the run one step earlier (the later steps are kept)</source>
        <translation>显示训练早一步时的样子（后面的步保留）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back one e&amp;poch</source>
        <translation>后退一轮(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the run at the start of this epoch (the previous one at its start)</source>
        <translation>显示训练在本轮开始时的样子（已在轮初则退到上一轮开始）</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/race_travel.py" line="+223"/>
        <source>Rebuilding the runs at their steps…</source>
        <extracomment>the status of a run whose problem raised an error (the controller sets it) the race&apos;s number: a reset (the controller&apos;s ``_new_run``) starts the next one</extracomment>
        <translation>正在把各次训练重建到它们所在的步…</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>Bringing the runs back…</source>
        <translation>正在恢复各次训练…</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Branching at step {0}…</source>
        <translation>正在从第 {0} 步分支…</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>The run stopped with an error at step {0}: {1}</source>
        <translation>训练在第 {0} 步因错误而停止：{1}</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <location filename="../../gdgui/ui/animation_dialog.py" line="+79"/>
        <source>&amp;Animation (GIF or MP4)…</source>
        <translation>动画（GIF 或 MP4）(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the run, or every run of a race, as an animated GIF or MP4</source>
        <translation>把这次训练（或竞赛中的每次训练）保存为 GIF 或 MP4 动画</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+1"/>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Whole window</source>
        <translation>整个窗口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit plot</source>
        <translation>拟合图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss plot</source>
        <translation>损失图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trajectory plot</source>
        <translation>轨迹图</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>3D view</source>
        <translation>3D 视图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Animate</source>
        <translation>动画内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the animation shows: the whole window or one plot</source>
        <translation>动画显示的内容：整个窗口或其中一幅图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Animate:</source>
        <translation>动画内容(&amp;A)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>MP4 (H.264, for slides and browsers)</source>
        <translation>MP4（H.264，适合幻灯片和浏览器）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GIF (plays everywhere, larger)</source>
        <translation>GIF（到处都能播放，文件较大）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 files are small and sharp; GIF plays in any viewer</source>
        <translation>MP4 文件小且清晰；GIF 在任何查看器中都能播放</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frames per second of the animation (GIF: at most {0})</source>
        <translation>动画每秒的帧数（GIF：最多 {0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F&amp;rame rate:</source>
        <translation>帧率(&amp;R)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Length of the animation in seconds; the last step is held for the final second (a quarter of short clips)</source>
        <translation>动画的长度（秒）；最后一步在末尾停留一秒（短片为四分之一时长）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Duration:</source>
        <translation>时长(&amp;D)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1× (screen)</source>
        <translation>1×（屏幕）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2× (sharp on slides)</source>
        <translation>2×（幻灯片上清晰）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame size: the size on screen, or twice that in each direction</source>
        <translation>帧尺寸：屏幕上的尺寸，或长宽各放大一倍</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Linear: steps at an even pace</source>
        <translation>线性：各步匀速推进</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logarithmic: more time for the early steps</source>
        <translation>对数：给前面的步更多时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time spread</source>
        <translation>时间分布</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How steps are spread over time; logarithmic keeps the fast early descent from passing in a few frames</source>
        <translation>各步在时间上如何分布；对数分布让前期的快速下降不会在几帧内一闪而过</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Time:</source>
        <translation>时间(&amp;T)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where the animation is written</source>
        <translation>动画写入的位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose the output file</source>
        <translation>选择输出文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Output:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%v / %m frames</source>
        <translation>%v / %m 帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frames rendered so far</source>
        <translation>已渲染的帧数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export message</source>
        <translation>导出消息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What happened to the last export</source>
        <translation>上一次导出的结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Render and write the animation</source>
        <translation>渲染并写入动画</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the export (the partial file is removed), or close</source>
        <translation>停止导出（删除未完成的文件），或关闭</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GIF image (*.gif)</source>
        <translation>GIF 图像 (*.gif)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save animation</source>
        <translation>保存动画</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Rendering {0} frames…</source>
        <translation>正在渲染 {0} 帧…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Wrote {0}</source>
        <translation>已写入 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消；没有写入任何文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../../gdgui/ui/controller.py" line="+565"/>
        <source>The stepping process stopped unexpectedly at step {0}.</source>
        <extracomment>the speed slider&apos;s stops, in steps per second; 0 means unlimited rows the window&apos;s history keeps at most (it thins the far past beyond that) how long a pause waits for the stepper process to say where the runs stopped (seconds) the selected run changed (its index) a new experiment was accepted (panels re-read their values from it) the problem (model, data, or surface) changed: plots rebuild their static items new rows or a new status arrived: the window schedules a redraw the run branched off its past (:meth:`branch_at`) or a branch was undone: the step it branched at, or None what the controller is rebuilding off the GUI thread (a line for the status bar: &quot;Branching at step k…&quot;), &quot;&quot; when done the bound of :attr:`history` (rows; :data:`WINDOW_MAX_ROWS` unless given) one window history per run (bounded by ``max_rows`` each) per run: the engine&apos;s message, steps taken (the history may keep one fewer), step limit and steps per epoch this controller&apos;s key in the stepper process; whether it is registered there, and the id of the race the process holds for it (-1: none) set when the last batch has been drawn; the worker waits for it (back-pressure) True when a view calls frame_done() after drawing; else batches count as drawn the step the race branched off its past at (None: it did not) per run, what rebuilds it by replay (:mod:`gdgui.core.replay`): the run&apos;s experiment when it started and the hyperparameter changes made on the way, as (steps taken then, changes) hyperparameter changes sent to the worker, awaiting the step it applied them at: (run id, run index, the replay-log entry) histories cut at a branch that are still views of the rows they keep, with the room each wants: the next rebuild copies their rows off the GUI thread</extracomment>
        <translation>计算进程在第 {0} 步意外停止。</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>The run stopped with an error at step {0}: {1}: {2}</source>
        <translation>运行在第 {0} 步因错误停止：{1}：{2}</translation>
    </message>
</context>
<context>
    <name>CsvImportDialog</name>
    <message>
        <location filename="../../gdgui/ui/csv_import.py" line="+99"/>
        <source>Import CSV – {0}</source>
        <extracomment>rows at the file&apos;s start that cannot be read in the chosen columns: ``(bad, data_rows)`` of the first :data:`_HEAD_BYTES`, and the preview rows marked, ``{row: reason}``</extracomment>
        <translation>导入 CSV – {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Detected format</source>
        <translation>检测到的格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The delimiter, header row and decimal separator found in the first lines</source>
        <translation>在前几行中发现的分隔符、表头行和小数分隔符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>x column</source>
        <translation>x 列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The column read as x (the input of the fitted line)</source>
        <translation>作为 x 读取的列（拟合直线的输入）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>y column</source>
        <translation>y 列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The column read as y (the value the line should predict)</source>
        <translation>作为 y 读取的列（直线应预测的值）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;x:</source>
        <translation>&amp;x：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;y:</source>
        <translation>&amp;y：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file has two columns: the first is x, the second y</source>
        <translation>文件有两列：第一列是 x，第二列是 y</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first data rows of the file; the x and y columns are highlighted</source>
        <translation>文件的前几行数据；x 列和 y 列已突出显示</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What the import found</source>
        <translation>导入时发现的情况</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Bad rows</source>
        <translation>坏行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows that cannot be read, by line number in the file</source>
        <translation>无法读取的行，按文件中的行号列出</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import progress</source>
        <translation>导入进度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How much of the file is read</source>
        <translation>文件已读取的部分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the chosen columns of the whole file</source>
        <translation>读取整个文件中选定的列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Skip bad rows and import</source>
        <translation>跳过坏行并导入(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Skip bad rows and import</source>
        <translation>跳过坏行并导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import every other row and leave out the listed ones</source>
        <translation>导入其余各行，略去列出的行</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+216"/>
        <source>Close without importing</source>
        <translation>关闭且不导入</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>unknown (the file cannot be read)</source>
        <translation>未知（无法读取文件）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>x: “{0}”, y: “{1}”</source>
        <translation>x：“{0}”，y：“{1}”</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Preview of the first {0} data rows:</source>
        <translation>前 {0} 行数据的预览：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 of the first {0} rows cannot be read (red).</source>
        <translation>前 {0} 行中有 1 行无法读取（红色）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} of the first {1} rows cannot be read (red).</source>
        <translation>前 {1} 行中有 {0} 行无法读取（红色）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Preview: no data rows in the first lines</source>
        <translation>预览：前几行中没有数据行</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first row is a header</source>
        <translation>第一行是表头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no header row (columns are numbered)</source>
        <translation>无表头行（列按编号）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>decimal comma</source>
        <translation>小数逗号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>decimal point</source>
        <translation>小数点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}-separated · {1} · {2}</source>
        <translation>{0}分隔 · {1} · {2}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Stop reading the file; nothing is imported</source>
        <translation>停止读取文件；不导入任何内容</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose the x and y columns, then press Import.</source>
        <translation>选择 x 列和 y 列，然后按“导入”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Import to read the whole file.</source>
        <translation>按“导入”读取整个文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot import this file:</source>
        <translation>无法导入此文件：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 row cannot be read. Skip it, choose other columns or fix the file:</source>
        <translation>有 1 行无法读取。可跳过它、选择其他列或修正文件：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} rows cannot be read. Skip them, choose other columns or fix the file:</source>
        <translation>有 {0} 行无法读取。可跳过它们、选择其他列或修正文件：</translation>
    </message>
    <message>
        <location line="-70"/>
        <location line="+75"/>
        <source>line {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and {0} more</source>
        <translation>…… 另有 {0} 个</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Skip this row and import</source>
        <translation>跳过此行并导入(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import every other row and leave out the listed one</source>
        <translation>导入其余各行，略去列出的那一行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Skip these {0} rows and import</source>
        <translation>跳过这 {0} 行并导入(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import every other row and leave out the {0} listed ones</source>
        <translation>导入其余各行，略去列出的 {0} 行</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Reading {0} …</source>
        <translation>正在读取 {0} ……</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancelling …</source>
        <translation>正在取消……</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消；未导入任何内容。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context>
<context>
    <name>ExplainDock</name>
    <message>
        <location filename="../../gdgui/ui/explain_dock.py" line="+92"/>
        <location line="+2"/>
        <source>Explain this step</source>
        <extracomment>at most one recomputation per this many milliseconds while a run streams in and while it does not (the user scrubs, steps, picks a step) longest stretch of replay on the GUI thread while a run streams (s; one slice per throttled refresh) and while the window is idle, ``RESUME_MS`` apart (the events that came meanwhile are handled between two slices) the replay&apos;s progress is shown at most this often (s) runs whose replays are kept (a race&apos;s selection going back and forth)</extracomment>
        <translation>讲解这一步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One step written out: the gradient, then the optimizer&apos;s update, with every number</source>
        <translation>把一步完整写出来：先求梯度，再按优化器更新，每个数都代入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Step to explain</source>
        <translation>要讲解的步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The step to explain: the update from θ(k−1) to θ(k)</source>
        <translation>要讲解的步：从 θ(k−1) 到 θ(k) 的更新</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Follow the run</source>
        <translation>跟随训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always explain the newest step while the run goes on</source>
        <translation>训练进行时始终讲解最新的一步</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Step explanation</source>
        <translation>单步讲解</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The gradient and the optimizer&apos;s update for this step; numbers with 6 significant digits</source>
        <translation>这一步的梯度和优化器更新；数字保留 6 位有效数字</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+102"/>
        <source>No step yet: press Step or Run to take the first one.</source>
        <extracomment>how many times the explanation was recomputed (for tests and benchmarks) while the run streams (:meth:`set_running`) the replay takes one slice per throttled refresh (4 a second) instead of one every ``RESUME_MS``</extracomment>
        <translation>还没有迈出一步：按“单步”或“运行”开始第一步。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Replaying the run: step {0} of {1}…</source>
        <translation>正在重放训练：第 {0} 步，共 {1} 步…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot explain step {0}: {1}</source>
        <translation>无法讲解第 {0} 步：{1}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Changed after step {0}, so in force from this step on: {1}</source>
        <translation>在第 {0} 步之后更改，从这一步起生效：{1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This replay&apos;s θ(k−1) differs from the run&apos;s: the numbers below may not be the step the run took.</source>
        <translation>此重放的 θ(k−1) 与这次运行的不同：下面的数字可能不是运行实际走的这一步。</translation>
    </message>
    <message>
        <source>The settings changed during this run: this is a replay with the current settings, and its θ(k−1) differs from the run&apos;s.</source>
        <translation type="vanished">训练过程中设置改变过：这里是按当前设置重放的结果，其 θ(k−1) 与实际训练不同。</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_strings.py" line="+1"/>
        <source>Gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step {k}: θ{a} → θ{b}</source>
        <translation>第 {k} 步：θ{a} → θ{b}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters before the step</source>
        <translation>这一步之前的参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss before the step</source>
        <translation>这一步之前的损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update: {title}</source>
        <translation>更新：{title}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The learning rate used at this step</source>
        <translation>这一步使用的学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters after the step</source>
        <translation>这一步之后的参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss after the step</source>
        <translation>这一步之后的损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bias corrections at step t = {t}</source>
        <translation>第 t = {t} 步的偏差修正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial derivative with respect to {p}</source>
        <translation>对 {p} 的偏导数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient of f(x, y) = {f}</source>
        <translation>f(x, y) = {f} 的梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient the optimizer is given</source>
        <translation>交给优化器的梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaussian noise ε drawn with σ = {sigma}</source>
        <translation>抽取的高斯噪声 ε，σ = {sigma}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run diverges at this step</source>
        <translation>训练在这一步发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First moment (exp_avg)</source>
        <translation>一阶矩（exp_avg）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Second moment (exp_avg_sq)</source>
        <translation>二阶矩（exp_avg_sq）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bias-corrected moments</source>
        <translation>偏差修正后的矩</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient of the mean squared error on all {n} points</source>
        <translation>全部 {n} 个点上均方误差的梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient on a mini-batch of {n}: samples {samples} (numbered from 0)</source>
        <translation>{n} 个样本的小批量上的梯度：样本 {samples}（从 0 编号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The residual of each point, r = ŷ − y</source>
        <translation>每个点的残差 r = ŷ − y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>with</source>
        <translation>其中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The partial derivatives at {at}</source>
        <translation>在 {at} 处的偏导数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>where</source>
        <translation>这里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaussian noise ε (σ = {sigma}) and weight decay λ = {wd} (L2)</source>
        <translation>高斯噪声 ε（σ = {sigma}）和权重衰减 λ = {wd}（L2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay λ = {wd} (L2) adds λ·θ</source>
        <translation>权重衰减 λ = {wd}（L2）加上 λ·θ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning-rate decay at step t = {t}</source>
        <translation>第 t = {t} 步的学习率衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accumulated squared gradients (sum)</source>
        <translation>累积的梯度平方（sum）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running mean of squared gradients (square_avg)</source>
        <translation>梯度平方的滑动平均（square_avg）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoupled weight decay λ = {wd} (AdamW)</source>
        <translation>解耦的权重衰减 λ = {wd}（AdamW）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest second moment so far (AMSGrad)</source>
        <translation>迄今最大的二阶矩（AMSGrad）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum buffer: the first step starts it at the gradient</source>
        <translation>动量缓冲：第一步时取为梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum buffer v ← μ·v + (1 − τ)·g</source>
        <translation>动量缓冲 v ← μ·v + (1 − τ)·g</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov&apos;s look-ahead: the gradient plus μ·v</source>
        <translation>Nesterov 前瞻：梯度加上 μ·v</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running mean of gradients (grad_avg, centred)</source>
        <translation>梯度的滑动平均（grad_avg，中心化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denominator</source>
        <translation>分母</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum buffer</source>
        <translation>动量缓冲</translation>
    </message>
</context>
<context>
    <name>FileManager</name>
    <message>
        <location filename="../../gdgui/ui/files.py" line="+5"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open one of the last files used</source>
        <translation>打开最近使用的文件之一</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;X)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a bundled experiment</source>
        <translation>打开自带的实验</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open the bundled experiment {0}</source>
        <translation>打开自带的实验 {0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0}[*] — gdgui</source>
        <translation>{0}[*] — gdgui</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>… and {0} more (see the details)</source>
        <translation>…… 另有 {0} 个（见详细信息）</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+67"/>
        <source>Cannot open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Cannot open “{0}”.</source>
        <translation>无法打开“{0}”。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cannot open the example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot open the example {0}.</source>
        <translation>无法打开示例 {0}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+10"/>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Experiments (*.json);;All files (*)</source>
        <translation>实验 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reading “{0}”…</source>
        <translation>正在读取“{0}”…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>“{0}” is not a valid experiment: 1 error.</source>
        <translation>“{0}”不是有效的实验：1 个错误。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{0}” is not a valid experiment: {1} errors.</source>
        <translation>“{0}”不是有效的实验：{1} 个错误。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open cancelled: the experiment is as it was.</source>
        <translation>已取消打开：实验保持原样。</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+13"/>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Experiments (*.json)</source>
        <translation>实验 (*.json)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saving “{0}”…</source>
        <translation>正在保存“{0}”…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot save “{0}”: {1}</source>
        <translation>无法保存“{0}”：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was written: the file is as it was. To save somewhere else, use File → Save experiment as…</source>
        <translation>未写入任何内容：文件保持原样。要保存到别处，请使用 文件 → 实验另存为…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save cancelled: nothing was written.</source>
        <translation>已取消保存：没有写入任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{0}” no longer exists.</source>
        <translation>“{0}”已不存在。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It was removed from the recent files.</source>
        <translation>已将其从最近的文件中移除。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Cannot use the data</source>
        <translation>无法使用该数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot use the data of “{0}”.</source>
        <translation>无法使用“{0}”的数据。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Writing “{0}”…</source>
        <translation>正在写入“{0}”…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the run rewrote its history while it was copied; try again</source>
        <translation>复制期间运行改写了它的历史记录；请重试</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+16"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Cannot write “{0}”: {1}</source>
        <translation>无法写入“{0}”：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was written.</source>
        <translation>未写入任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export cancelled: nothing was written.</source>
        <translation>已取消导出：没有写入任何内容。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read the data.</source>
        <translation>无法读取数据。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saved 1 point to {0}</source>
        <translation>已把 1 个点保存到 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {0} points to {1}</source>
        <translation>已将 {0} 个点保存到 {1}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export history</source>
        <translation>导出历史</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved {0} rows of 1 run to {1}</source>
        <translation>已将 1 个运行的 {0} 行保存到 {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved {0} rows of {1} runs to {2}</source>
        <translation>已将 {1} 个运行的 {0} 行保存到 {2}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {0} rows of {1} runs (the far past thinned) to {2}</source>
        <translation>已将 {1} 个运行的 {0} 行（较早的部分已抽稀）保存到 {2}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved {0} steps to {1}</source>
        <translation>已将 {0} 步保存到 {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {0} of the {1} steps (the far past thinned) to {2}</source>
        <translation>已把 {1} 步中的 {0} 步（较早的部分已抽稀）保存到 {2}</translation>
    </message>
</context>
<context>
    <name>FitPlot</name>
    <message>
        <location filename="../../gdgui/ui/plots/fit.py" line="+54"/>
        <source>Fit plot</source>
        <extracomment>at most this many earlier fitted lines are drawn, fading with age a click within this many pixels of a data point hits the point (x, y): a click on empty space (index, x, y, drag, finished): a point dragged; ``drag`` numbers the drag (index): a right click on a point (index or -1): the selected point</extracomment>
        <translation>拟合图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The data and the line the optimizer has fitted so far</source>
        <translation>数据和优化器目前拟合出的直线</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+191"/>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="-174"/>
        <source>least squares</source>
        <translation>最小二乘</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>fit now</source>
        <translation>当前拟合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>earlier fits</source>
        <translation>先前的拟合</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <location line="+188"/>
        <source>data ({shown} of {total})</source>
        <translation>数据（{total} 个中的 {shown} 个）</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Fit: {model}</source>
        <translation>拟合：{model}</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>fit: ŷ = {value}</source>
        <translation>拟合：ŷ = {value}</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../gdgui/ui/steplog.py" line="+79"/>
        <source>step</source>
        <extracomment>a row is this much taller than its text (px): compact, so a low dock shows rows</extracomment>
        <translation>步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Step k: row k is the state after k steps</source>
        <translation>步 k：第 k 行是 k 步之后的状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The (0-based) epoch in which step k was taken</source>
        <translation>第 k 步所在的轮（从 0 开始）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} after step k</source>
        <translation>第 k 步后的 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The full-data loss at the parameters of row k</source>
        <translation>第 k 行参数处的全数据损失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The full-data gradient ∂L/∂{0} at row k</source>
        <translation>第 k 行处的全数据梯度 ∂L/∂{0}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../../gdgui/ui/plots/loss.py" line="+37"/>
        <source>Loss plot</source>
        <translation>损失图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The loss after every step</source>
        <translation>每一步之后的损失</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Log scale</source>
        <extracomment>steps on the bottom axis, epochs on the top one (its scale: 1 / steps per epoch) where a run branched off (time travel): a dashed vertical line and its label</extracomment>
        <translation>对数刻度(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the loss on a logarithmic scale (non-positive values are left out)</source>
        <translation>以对数刻度显示损失（略去非正值）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>log</source>
        <translation>对数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logarithmic loss scale</source>
        <translation>对数损失刻度</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+153"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+42"/>
        <location line="+311"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="-316"/>
        <source>loss (MSE)</source>
        <translation>损失（均方误差）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loss f({names})</source>
        <translation>损失 f({names})</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>branch at step {step}</source>
        <translation>在第 {step} 步分支</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>epoch ({n} steps each)</source>
        <translation>轮（每轮 {n} 步）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>step = epoch (full batch)</source>
        <translation>步 = 轮（全批量）</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>step {step} · epoch {epoch}</source>
        <translation>第 {step} 步 · 第 {epoch} 轮</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+60"/>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+53"/>
        <location line="+14"/>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>{n} non-positive value(s) not shown</source>
        <translation>{n} 个非正值未显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} non-finite value(s) not shown</source>
        <translation>{n} 个非有限值未显示</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Loss ({status})</source>
        <translation>损失（{status}）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>η (schedule)</source>
        <translation>η（调度）</translation>
    </message>
</context>
<context>
    <name>LossScale</name>
    <message>
        <location filename="../../gdgui/ui/loss_scale.py" line="+31"/>
        <source>Logarithmic loss &amp;scale</source>
        <translation>对数损失刻度(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the loss on a logarithmic axis (saved with the experiment)</source>
        <translation>在对数坐标轴上显示损失（随实验一起保存）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>set the loss scale</source>
        <translation>设置损失刻度</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gdgui/ui/window.py" line="+204"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Step log</source>
        <translation>步骤记录</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+133"/>
        <location line="+167"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="-296"/>
        <source>Run or pause the optimizer</source>
        <translation>运行或暂停优化器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Take one step</source>
        <translation>走一步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step &amp;epoch</source>
        <translation>走完一轮(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Take the steps left in this epoch (a whole epoch at its start)</source>
        <translation>走完本轮剩下的步（在轮初则走完整轮）</translation>
    </message>
    <message>
        <source>R&amp;eset</source>
        <translation type="vanished">重置(&amp;E)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Back to step 0</source>
        <translation>回到第 0 步</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close the window (a running optimizer stops)</source>
        <translation>关闭窗口（正在运行的优化器会停止）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Copy window to clipboard</source>
        <translation>将窗口复制到剪贴板(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy a picture of the window</source>
        <translation>复制窗口的图片</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit plot</source>
        <translation>拟合图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss plot</source>
        <translation>损失图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trajectory plot</source>
        <translation>轨迹图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} as PNG…</source>
        <translation>{0}（PNG）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} as PNG (2×)…</source>
        <translation>{0}（PNG，2×）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} as SVG…</source>
        <translation>{0}（SVG）…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save {0} as an image file</source>
        <translation>将{0}保存为图像文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dark window and plots</source>
        <translation>深色窗口和绘图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Light window, white plot backgrounds (for slides and print)</source>
        <translation>浅色窗口，白色绘图背景（用于幻灯片和打印）</translation>
    </message>
    <message>
        <source>&amp;Logarithmic loss scale</source>
        <translation type="vanished">对数损失刻度(&amp;L)</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation type="vanished">在对数坐标轴上显示损失</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation type="vanished">重置布局(&amp;L)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Put the panels, step log and plots back where they started</source>
        <translation>把面板、步骤记录和绘图放回初始位置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Restore defaults…</source>
        <translation>恢复默认设置(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget the remembered settings: theme, speed, layout, experiment</source>
        <translation>清除记住的设置：主题、速度、布局、实验</translation>
    </message>
    <message>
        <source>&amp;About gdgui</source>
        <translation type="vanished">关于 gdgui(&amp;A)</translation>
    </message>
    <message>
        <source>What gdgui is</source>
        <translation type="vanished">gdgui 是什么</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Rese&amp;t</source>
        <translation>重置(&amp;T)</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Reset la&amp;yout</source>
        <translation>重置布局(&amp;Y)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export ima&amp;ge</source>
        <translation>导出图像(&amp;G)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export image</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the window or a plot as PNG or SVG</source>
        <translation>将窗口或某个绘图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show or hide the {0} panel</source>
        <translation>显示或隐藏{0}面板</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pause the optimizer</source>
        <translation>暂停优化器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run again from step 0</source>
        <translation>从第 0 步重新运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the optimizer</source>
        <translation>运行优化器</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Restore defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget the theme, speed, layout and last experiment, and open tutorial 003 again?</source>
        <translation>清除主题、速度、布局和上次的实验，并重新打开教程 003 吗？</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot use this experiment</source>
        <translation>无法使用此实验</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copied the window to the clipboard</source>
        <translation>已将窗口复制到剪贴板</translation>
    </message>
    <message>
        <source>About gdgui</source>
        <translation type="vanished">关于 gdgui</translation>
    </message>
    <message>
        <source>&lt;b&gt;gdgui&lt;/b&gt; — a desktop explorer for gradient descent.&lt;br&gt;Watch optimizers fit lines and roll down surfaces, live.</source>
        <translation type="vanished">&lt;b&gt;gdgui&lt;/b&gt; — 一个探索梯度下降的桌面程序。&lt;br&gt;实时观看优化器拟合直线、沿曲面滚下。</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../gdgui/ui/panels/column.py" line="+31"/>
        <source>Problem and data</source>
        <translation>问题和数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>About this experiment</source>
        <translation>关于此实验</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Show or hide the {0} section</source>
        <translation>显示或隐藏“{0}”部分</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The learning rate was {0:g}, past the stable limit of this problem: lowered to {1:g}.</source>
        <translation>学习率原为 {0:g}，超过了这个问题的稳定上限：已调低为 {1:g}。</translation>
    </message>
</context>
<context>
    <name>Plot</name>
    <message>
        <location filename="../../gdgui/ui/plots/base.py" line="+56"/>
        <source>ready</source>
        <extracomment>the points all shown runs of one plot draw together (each run&apos;s share: run_points()) but never fewer than this per run (300 min/max bins still hold each curve&apos;s extremes) font sizes in points at scale 1 (see BasePlot.set_scale) presentation scales outside this range are clamped legends and corner texts find their corners at most this often (ms), not every frame at most this many points are counted under a candidate corner an overlay leaves its corner only for one covering more than this many fewer points</extracomment>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>converged</source>
        <translation>已收敛</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>run {n}</source>
        <extracomment>the user asked to export this plot (its context menu); the window shows its dialog (run, visible): the user clicked run ``run``&apos;s legend entry; the window owns the runs&apos; visibility and answers with :meth:`set_runs` number of times show_history found a changed history (tests and benchmarks read it) True: clicks and drags edit (data points, the start); the window&apos;s editor sets it the drawn runs by index (run 0 is the single run of a plain show_history) the points each run may draw now (run_points of the shown runs) run entries the legend shows (None: all; fit_legend decides) and what it decided for: (view size, entries, scale) (x range, y range) that &quot;Reset view&quot; returns to; None: fit everything</extracomment>
        <translation>训练 {n}</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>Plot menu</source>
        <translation>图表菜单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export this plot…</source>
        <translation>导出此图(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this plot as a PNG or SVG image</source>
        <translation>把此图保存为 PNG 或 SVG 图片</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Copy to clipboard</source>
        <translation>复制到剪贴板(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy this plot to the clipboard as an image</source>
        <translation>把此图作为图片复制到剪贴板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Reset view</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole picture again after zooming or panning</source>
        <translation>缩放或平移之后重新显示全图</translation>
    </message>
    <message>
        <location line="+240"/>
        <source>Click an entry to hide or show it; drag the legend to move it</source>
        <translation>点击条目可隐藏或显示；拖动图例可移动它</translation>
    </message>
    <message>
        <location filename="../../gdgui/ui/plots/legend.py" line="+361"/>
        <source>+{n} more</source>
        <extracomment>pixels between one entry&apos;s label and the next column&apos;s sample pixels between a sample and its label a sample&apos;s size in pixels (pyqtgraph&apos;s is 20 × 20) the legend&apos;s inner margins (left, top, right, bottom) a legend takes at most these shares of its view&apos;s width and height (more entries: more columns, then fewer run entries and &quot;+N more&quot;), but always room for two rows pixels between the legend and the view&apos;s edges (MovableLegend.place_in) the legend is fitted again when its view grew or shrank by more than this share the share of the view&apos;s width a legend may take rather than show &quot;+N more&quot; a view at least this many times as tall as wide is &quot;tall&quot; (the loss plot beside a surface, about square); one at equal scales is not (it has room beside its picture) in a tall view, a legend inside takes at most this share of its height; a taller one goes under the plot (when it fits there) under the plot, the legend takes at most this share of the plot&apos;s height (the view keeps the rest) ... or, when it fits there only (large labels in presentation mode), this share pixels above and below a legend under the plot at the normal scale, a legend&apos;s labels may be this small (points) rather than drop names; never in presentation mode (its fonts stay as big as it promises) True once the user dragged it: the plot leaves it where it was put True while it sits under the plot (LegendFitting.legend_outside), not in a corner the labels&apos; size the plot asked for (setLabelTextSize); use_size may draw them smaller for a while the shares of the view&apos;s width and height the legend may take (fit_legend) the row of the plot&apos;s layout under the axes a legend moved there sits in (made when first needed) and the limits the legend was last fitted to</extracomment>
        <translation>另有 {n} 个</translation>
    </message>
    <message>
        <location line="+192"/>
        <source>Also shown, not listed here: {names}</source>
        <translation>也已显示、但未在此列出的：{names}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../build/i18n/dynamic_strings.py" line="+1"/>
        <source>½(x² + 10y²): steep across, shallow along. With the same learning rate 0.1, plain gradient descent needs about 140 steps to reach the minimum; momentum 0.5 carries speed along the shallow direction and gets there in about 40.</source>
        <translation>½(x² + 10y²)：横向陡峭，纵向平缓。同样的学习率 0.1，普通梯度下降大约需要 140 步才到达最小值；动量 0.5 沿平缓方向积累速度，大约 40 步就能到达。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All seven optimizers start together at (−1.5, 2) on Rosenbrock&apos;s curved valley, each with a learning rate near the largest it takes without diverging. Momentum, Adam and Nesterov reach the minimum at (1, 1) within the tolerance, in that order; gradient descent, AdamW, RMSprop and Adagrad are still on their way along the valley floor after 5000 steps, Adagrad furthest behind.</source>
        <translation>七种优化器一起从 Rosenbrock 弯曲山谷上的 (−1.5, 2) 出发，每种都用接近其不发散上限的学习率。动量、Adam 和 Nesterov 依次在容差内到达 (1, 1) 处的最小值；梯度下降、AdamW、RMSprop 和 Adagrad 在 5000 步后仍沿谷底前进，Adagrad 落后最多。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f = (x² − 1)² + y², started on the saddle&apos;s stable axis (x = 0). Plain gradient descent slides into the saddle at (0, 0) and stays; the same steps with gradient noise 0.05 roll off into a minimum at (±1, 0).</source>
        <translation>f = (x² − 1)² + y²，从鞍点的稳定轴（x = 0）出发。普通梯度下降滑入 (0, 0) 处的鞍点并停在那里；同样的步子加上梯度噪声 0.05，就会滚向 (±1, 0) 处的一个最小值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>y = 2x on x = 1..4: the loss&apos;s curvature is λ_max = 15, so gradient descent is stable below η = 2/15 ≈ 0.1333. η = 0.05 converges smoothly, η = 0.1333 zig-zags across w = 2 and its loss barely shrinks, η = 0.14 swings ever wider and diverges.</source>
        <translation>x = 1..4 上的 y = 2x：损失的曲率为 λ_max = 15，所以梯度下降在 η 低于 2/15 ≈ 0.1333 时稳定。η = 0.05 平稳收敛，η = 0.1333 在 w = 2 两侧来回振荡、损失几乎不降，η = 0.14 越摆越远，最终发散。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f = (x² − 1)² + y² has minima at (±1, 0) and a saddle at (0, 0). Started on the saddle&apos;s stable axis (x = 0), plain gradient descent slides straight into the saddle and stops there; set gradient_noise to 0.05 and the noisy steps roll off into a minimum.</source>
        <translation>f = (x² − 1)² + y² 在 (±1, 0) 处有最小值，在 (0, 0) 处有一个鞍点。从鞍点的稳定轴（x = 0）出发，普通梯度下降会径直滑入鞍点并停在那里；把 gradient_noise 设为 0.05，带噪声的步子就会滚向一个最小值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fifty observations around y = 2x + 1 with Gaussian error; gradient descent on the mean squared error over (w, b).</source>
        <translation>围绕 y = 2x + 1、带高斯误差的五十个观测值；在 (w, b) 上对均方误差做梯度下降。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tutorial&apos;s SGD example (x = 1, 2, 3; y = 2x; w0 = 1; learning rate 0.01): one randomly drawn sample per step, gradient 2·x·(w·x − y), samples reshuffled every epoch.</source>
        <translation>教程中的随机梯度下降例子（x = 1, 2, 3；y = 2x；w0 = 1；学习率 0.01）：每步随机抽取一个样本，梯度为 2·x·(w·x − y)，每一轮重新打乱样本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x = 1..4, y = 2x, w0 = 1, learning rate 0.01, 100 epochs; prints exactly what the tutorial prints.</source>
        <translation>x = 1..4，y = 2x，w0 = 1，学习率 0.01，100 轮；输出与教程完全一致。</translation>
    </message>
</context>
<context>
    <name>Readouts</name>
    <message>
        <location filename="../../gdgui/ui/panels/readouts.py" line="+73"/>
        <source>State</source>
        <extracomment>significant digits the readouts show (the tooltip has every digit)</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps taken toward the run&apos;s step limit</source>
        <translation>已走的步数占运行步数上限的比例</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps taken / the step limit</source>
        <translation>已走步数 / 步数上限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Epochs completed (+ steps into the next)</source>
        <translation type="vanished">已完成的轮数（+ 下一轮已走的步数）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The (0-based) epoch in which the last step was taken, as the tutorial and the step log count it; i/n: that step&apos;s place in its epoch</source>
        <translation>最后一步所在的轮（从 0 开始），与教程和步骤记录的计法一致；i/n：这一步在该轮中的位置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The full-data loss L at the current parameters</source>
        <translation>当前参数处的全数据损失 L</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current value of {0}</source>
        <translation>{0} 的当前值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The full-data gradient ∂L/∂{0}</source>
        <translation>全数据梯度 ∂L/∂{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>‖θ − θ*‖</source>
        <translation>‖θ − θ*‖</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distance from the current parameters θ to the least-squares parameters θ*, on the data&apos;s own scale</source>
        <translation>当前参数 θ 到最小二乘参数 θ* 的距离，使用数据的原始尺度</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>L − L*</source>
        <translation>L − L*</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How far the loss is above the least-squares loss L* (the smallest any line can reach)</source>
        <translation>损失比最小二乘损失 L*（任何直线能达到的最小值）高出多少</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>to minimum</source>
        <translation>到最小值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance from the current point to the nearest known minimum</source>
        <translation>当前点到最近的已知最小值的距离</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>f − f_min</source>
        <translation>f − f_min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How far f is above its smallest value f_min</source>
        <translation>f 比其最小值 f_min 高出多少</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The learning rate η of the latest step, as the schedule set it (before the first step: the rate it will take)</source>
        <translation>最近一步的学习率 η，由调度给出（第一步之前：它将要使用的学习率）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Diverged at step {0}</source>
        <translation>在第 {0} 步发散</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped by an error</source>
        <translation>因错误停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Converged at step {0}</source>
        <translation>在第 {0} 步收敛</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>State of the run: {0}</source>
        <translation>运行状态：{0}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0} / {1} steps ({2}%)</source>
        <translation>{0} / {1} 步（{2}%）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>as fast as it goes</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} steps per second</source>
        <translation>每秒 {0} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Run (Space) to start, or Step (→) to take one step.</source>
        <translation>按“运行”（空格）开始，或按“单步”（→）走一步。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running, {0}. Space pauses; changes to the optimizer&apos;s settings apply at the next step.</source>
        <translation>正在运行，{0}。空格暂停；对优化器设置的更改从下一步起生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused. Run (Space) goes on; Step (→) takes one step, Shift+→ the rest of the epoch.</source>
        <translation>已暂停。“运行”（空格）继续；“单步”（→）走一步，Shift+→ 走完本轮。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>η = {0} ({1})</source>
        <translation>η = {0}（{1}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}
Exactly: {1}</source>
        <translation>{0}
精确值：{1}</translation>
    </message>
</context>
<context>
    <name>RunsDock</name>
    <message>
        <location filename="../../gdgui/ui/runs_dock.py" line="+115"/>
        <location line="+2"/>
        <location line="+24"/>
        <source>Runs</source>
        <extracomment>the table&apos;s columns, in order the rows of a race the window makes room for (more scroll) the name column&apos;s width, in characters (longer names are elided; the legends show them), and in a narrow column (presentation mode) a table narrower than its columns elides the names down to this many characters first; then it leaves out these columns, in this order (the readouts above the plots show the selected run&apos;s) the user picked run i colours, names or shown runs changed: the plots need :meth:`styles` a column grew for a longer number: the dock may want more width
----------
indices of the runs not drawn</extracomment>
        <translation>训练列表</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>The runs side by side: pick one to edit it in the panels</source>
        <translation>并排的多次训练：选中一次即可在面板中编辑</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>One row per run; double-click a name to rename the run</source>
        <translation>每次训练一行；双击名称可重命名</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Shown</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>|∇L|</source>
        <translation>|∇L|</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draw this run on the plots</source>
        <translation>在图表上画出这次训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run&apos;s name</source>
        <translation>训练的名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps taken</source>
        <translation>已走的步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The loss at the last step</source>
        <translation>最后一步的损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance to the optimum, or to the nearest known minimum</source>
        <translation>到最优点或最近的已知最小值的距离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient&apos;s norm at the last step</source>
        <translation>最后一步的梯度范数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run&apos;s state; its message as the tooltip</source>
        <translation>训练的状态；提示中显示其消息</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a run with the selected run&apos;s settings</source>
        <translation>用选中训练的设置添加一次训练</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the selected run, right after it</source>
        <translation>复制选中的训练，放在它后面</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the selected run</source>
        <translation>删除选中的训练</translation>
    </message>
    <message>
        <location line="+255"/>
        <source>Show or hide {0} on the plots</source>
        <translation>在图表上显示或隐藏 {0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Double-click to rename {0}</source>
        <translation>双击重命名 {0}</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Cannot change the runs: {0}</source>
        <translation>无法更改训练：{0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>add a run</source>
        <translation>添加一次训练</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>duplicate a run</source>
        <translation>复制一次训练</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>remove a run</source>
        <translation>删除一次训练</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>rename a run</source>
        <translation>重命名一次训练</translation>
    </message>
</context>
<context>
    <name>StepLog</name>
    <message>
        <location filename="../../gdgui/ui/steplog.py" line="+80"/>
        <source>Step log</source>
        <translation>步骤记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every step of the run: parameters, loss and gradient</source>
        <translation>运行的每一步：参数、损失和梯度</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+2"/>
        <source>Follow the newest step</source>
        <translation>跟随最新一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep scrolling to the last row while the run goes on</source>
        <translation>运行时始终滚动到最后一行</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 row</source>
        <translation>1 行</translation>
    </message>
</context>
<context>
    <name>Surface3DView</name>
    <message>
        <location filename="../../gdgui/ui/plots/surface3d.py" line="+93"/>
        <source>3D loss surface</source>
        <extracomment>vertices per side of the surface mesh the surface&apos;s height (its x and y span 2 each: a box of 2 × 2 × HEIGHT) paths float this far above the surface, so the mesh does not hide them the user asked to export the view (its menu); the window opens the file dialog</extracomment>
        <translation>三维损失曲面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The loss surface in 3D: drag to rotate, scroll to zoom</source>
        <translation>三维损失曲面：拖动旋转，滚轮缩放</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>3D view notice</source>
        <extracomment>the mesh: (MESH_GRID,) x and y in view units, (MESH_GRID, MESH_GRID) heights per run: (m, 3) points of its drawn path, in view units</extracomment>
        <translation>三维视图提示</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>3D loss surface view</source>
        <translation>三维损失曲面视图</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No 3D view: this display offers no OpenGL (the other plots work).</source>
        <translation>无法显示三维视图：此显示器不支持 OpenGL（其他图表正常）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>3D view menu</source>
        <translation>3D 视图菜单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export this view…</source>
        <translation>导出此视图(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the 3D view as a PNG image</source>
        <translation>把 3D 视图保存为 PNG 图像</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The 3D view shows problems of 2 parameters.</source>
        <translation>三维视图只显示 2 个参数的问题。</translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <location filename="../../gdgui/ui/sweep_view.py" line="+75"/>
        <source>{0}: this sweep did not compute it</source>
        <extracomment>metric key -&gt; (attribute of SweepResult, drawn on a log scale)</extracomment>
        <translation>{0}：这次扫描没有计算它</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>final loss</source>
        <extracomment>emitted with the flat configuration index of a clicked point</extracomment>
        <translation>最终损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>minimum loss</source>
        <translation>最小损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss at step {0}</source>
        <translation>第 {0} 步的损失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>convergence rate ρ per step</source>
        <translation>每步收敛率 ρ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps until it stopped</source>
        <translation>停止前的步数</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{0}: diverged</source>
        <translation>{0}：发散</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} stability limit {1}</source>
        <translation>{0} 稳定上限 {1}</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>log₁₀ of {0}</source>
        <translation>{0} 的 log₁₀</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: {1}; red: diverged; dashed: analytic stability limit</source>
        <translation>{0}：{1}；红色：发散；虚线：理论稳定上限</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <location line="+109"/>
        <location line="+25"/>
        <source>Sweep</source>
        <extracomment>a configuration to add as a run: ``{&quot;optimizer&quot;: name, &quot;hyperparams&quot;: {...}}`` the finished (or cancelled) :class:`SweepResult` partial results are drawn at most this often while a sweep runs (ms)</extracomment>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Hyperparameter sweep</source>
        <translation>超参数扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run many configurations at once and compare where they end</source>
        <translation>同时运行多种配置，比较它们的结果</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+1"/>
        <source>Second axis</source>
        <translation>第二个轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweep a second hyperparameter too: a map of learning rate × momentum</source>
        <translation>同时扫描第二个超参数：学习率 × 动量的图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>and</source>
        <translation>和</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>first</source>
        <translation>第一</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>second</source>
        <translation>第二</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hyperparameter ({0} axis)</source>
        <translation>超参数（{0}轴）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The hyperparameter to sweep on the {0} axis</source>
        <translation>在{0}轴上扫描的超参数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From ({0} axis)</source>
        <translation>起点（{0}轴）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first value of the sweep</source>
        <translation>扫描的第一个值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To ({0} axis)</source>
        <translation>终点（{0}轴）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last value of the sweep</source>
        <translation>扫描的最后一个值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Count ({0} axis)</source>
        <translation>个数（{0}轴）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many values, log-spaced for learning rates, else evenly spaced</source>
        <translation>取多少个值：学习率按对数等距，其他按线性等距</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>count</source>
        <translation>个数</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+51"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Steps each configuration runs</source>
        <translation>每种配置运行的步数</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+47"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>What the plot shows for each configuration</source>
        <translation>图中为每种配置显示的量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>minimum loss</source>
        <translation>最小损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>convergence rate ρ</source>
        <translation>收敛率 ρ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps until it stopped</source>
        <translation>停止前的步数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tick the optimizers to sweep: one curve each</source>
        <translation>勾选要扫描的优化器：每个一条曲线</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run every configuration of the sweep</source>
        <translation>运行扫描中的每种配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the sweep; keep what is done</source>
        <translation>停止扫描，保留已完成的部分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sweep progress</source>
        <translation>扫描进度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Configurations computed so far</source>
        <translation>已计算的配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sweep status</source>
        <translation>扫描状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What the last sweep found</source>
        <translation>上一次扫描的结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sweep plot</source>
        <translation>扫描图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a point to add that configuration as a run</source>
        <translation>点击一个点，把该配置添加为一次训练</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>{0}: from and to must be numbers</source>
        <translation>{0}：起点和终点必须是数字</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cannot sweep: {0}</source>
        <translation>无法扫描：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sweeping {0} configurations…</source>
        <translation>正在扫描 {0} 种配置…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{0} of {1} configurations…</source>
        <translation>{1} 种配置中的 {0} 种…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} of {1} configurations, {2} steps each: {3} finished, {4} converged, {5} diverged</source>
        <translation>{1} 种配置中的 {0} 种，每种 {2} 步：{3} 种完成，{4} 种收敛，{5} 种发散</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; stability limit {0}</source>
        <translation>；稳定上限 {0}</translation>
    </message>
</context>
<context>
    <name>TrajectoryPlot</name>
    <message>
        <location filename="../../gdgui/ui/plots/trajectory.py" line="+65"/>
        <source>Trajectory plot</source>
        <extracomment>number of contour lines on the loss surface length in pixels of the −∇f arrow (it shows the direction; its note says ‖∇f‖) the step arrow is drawn at its true length, but never shorter or longer than these arrow colours per theme (the run&apos;s colour is the step&apos;s) (x, y) in view coordinates: w (and b) in the optimizer&apos;s parameters, or (x, y)</extracomment>
        <translation>轨迹图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The path of the parameters over the loss surface</source>
        <translation>参数在损失曲面上走过的路径</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>&amp;Equal axis scales</source>
        <extracomment>a ring where the selected run branched off (time travel, mark_branch)</extracomment>
        <translation type="vanished">等比例坐标轴(&amp;E)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>E&amp;qual axis scales</source>
        <extracomment>a ring where the selected run branched off (time travel, mark_branch)</extracomment>
        <translation>等比例坐标轴(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One unit is as long on both axes, so circles look round (2 parameters)</source>
        <translation>两个坐标轴上一个单位一样长，圆看起来是圆的（2 个参数）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Colours of the loss surface, ticks at true loss values</source>
        <translation>损失曲面的颜色，刻度为真实损失值</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Path over the loss surface</source>
        <translation>损失曲面上的路径</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>No picture for {n} parameters (only for 1 or 2).</source>
        <translation>{n} 个参数无法绘图（只支持 1 或 2 个）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>optimum</source>
        <translation>最优点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>minima</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+31"/>
        <source>{name} (standardized)</source>
        <translation>{name}（标准化）</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Loss over the standardized parameters {names} and path</source>
        <translation>标准化参数 {names} 上的损失及路径</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loss surface L({names}) and path</source>
        <translation>损失曲面 L({names}) 及路径</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{title}: path</source>
        <translation>{title}：路径</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>loss L({name})</source>
        <translation>损失 L({name})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loss over the standardized parameter {name} and path</source>
        <translation>标准化参数 {name} 上的损失及路径</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loss curve L({name}) and path</source>
        <translation>损失曲线 L({name}) 及路径</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+201"/>
        <source>‖∇f‖ = {value}</source>
        <translation>‖∇f‖ = {value}</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>now outside the picture: {where}</source>
        <translation>当前位置在图外：{where}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../gdgui/ui/app.py" line="+138"/>
        <source>Cannot open the experiment</source>
        <extracomment>the GIL switch interval run_app sets (seconds; Python&apos;s default is 5 ms)</extracomment>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}

The window opened on the default experiment instead.</source>
        <translation>{0}

窗口改为打开默认实验。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../build/i18n/dynamic_strings.py" line="+1"/>
        <source>Finished {steps} step{epochs}.</source>
        <translation>已完成 {steps} 步{epochs}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished {steps} steps{epochs}.</source>
        <translation>已完成 {steps} 步{epochs}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ({count} epoch)</source>
        <translation>（{count} 轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ({count} epochs)</source>
        <translation>（{count} 轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Converged at step {step}: the gradient norm fell below {tolerance:g}.</source>
        <translation>在第 {step} 步收敛：梯度范数已低于 {tolerance:g}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverged at step {step}: {why}.{advice}</source>
        <translation>在第 {step} 步发散：{why}。{advice}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverged at step 0: the loss is not finite at the initial parameters (loss {loss:.3g}).</source>
        <translation>在第 0 步发散：损失在初始参数处不是有限值（损失 {loss:.3g}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverged at step 0: the gradient is not finite at the initial parameters (loss {loss:.3g}).</source>
        <translation>在第 0 步发散：梯度在初始参数处不是有限值（损失 {loss:.3g}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the update divided zero by zero</source>
        <translation>更新中出现了零除以零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the update divided zero by zero (eps = 0 and a zero gradient); use eps &gt; 0</source>
        <translation>更新中出现了零除以零（eps = 0 且梯度为零）；请使用 eps &gt; 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the update is not a number ({error})</source>
        <translation>更新的结果不是数（{error}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss became NaN (not a number)</source>
        <translation>损失变成了 NaN（非数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss overflowed to infinity</source>
        <translation>损失溢出为无穷大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss fell below −{limit:.3g}: the function is unbounded below</source>
        <translation>损失低于 −{limit:.3g}：该函数无下界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss grew to {loss:.3g}, more than {factor:.3g} × its initial value {initial:.3g}</source>
        <translation>损失增长到 {loss:.3g}，超过初始值 {initial:.3g} 的 {factor:.3g} 倍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> {optimizer} with momentum μ ≥ 1 does not settle at any learning rate; use μ &lt; 1.</source>
        <translation>动量 μ ≥ 1 时，{optimizer}在任何学习率下都不会稳定；请使用 μ &lt; 1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> Full-batch {optimizer} on this problem is stable only for a learning rate below {rule} = {limit:.6g}; it is {lr:.6g}.</source>
        <translation>在这个问题上，全批量{optimizer}只有在学习率低于 {rule} = {limit:.6g} 时才稳定；当前学习率为 {lr:.6g}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error} at column {column}</source>
        <translation>第 {column} 列：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number too large &apos;{number}&apos;</source>
        <translation>数值太大“{number}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown name &apos;{name}&apos;</source>
        <translation>未知名称“{name}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unexpected character {character}</source>
        <translation>意外的字符 {character}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expression nested too deeply (more than {depth} levels)</source>
        <translation>表达式嵌套太深（超过 {depth} 层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing operator before &apos;{token}&apos;</source>
        <translation>“{token}”之前缺少运算符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected {expected}</source>
        <translation>应为 {expected}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;,&apos; or &apos;)&apos;</source>
        <translation>“,”或“)”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unexpected end of expression</source>
        <translation>表达式意外结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unexpected &apos;{token}&apos;</source>
        <translation>意外的“{token}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty expression</source>
        <translation>表达式为空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected &apos;(&apos; after &apos;{name}&apos;</source>
        <translation>“{name}”之后应为“(”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} takes {count} argument, got {got}</source>
        <translation>{name} 需要 {count} 个参数，实际为 {got} 个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} takes {count} arguments, got {got}</source>
        <translation>{name} 需要 {count} 个参数，实际为 {got} 个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expression too long ({length} characters, at most {limit})</source>
        <translation>表达式太长（{length} 个字符，最多 {limit} 个）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: {error}</source>
        <translation>{path}：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{source}: {errors}</source>
        <translation>{source}：{errors}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{errors}; … and {count:,} more</source>
        <translation>{errors}；……另有 {count:,} 个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be an object, got {value}</source>
        <translation>必须是对象，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown key; expected one of {keys}</source>
        <translation>未知的键；应为以下之一：{keys}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown field; expected one of {keys}</source>
        <translation>未知的字段；应为以下之一：{keys}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is required</source>
        <translation>是必填项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a whole number, got {value}</source>
        <translation>必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a finite number, got {value}</source>
        <translation>必须是有限的数，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &gt;= {low:g}, got {value!r}</source>
        <translation>必须 &gt;= {low:g}，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &gt; {low:g}, got {value!r}</source>
        <translation>必须 &gt; {low:g}，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &lt;= {high:g}, got {value!r}</source>
        <translation>必须 &lt;= {high:g}，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &lt; {high:g}, got {value!r}</source>
        <translation>必须 &lt; {high:g}，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be true or false, got {value!r}</source>
        <translation>必须是 true 或 false，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a number, got {value!r}</source>
        <translation>必须是数，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be finite, got {value!r}</source>
        <translation>必须是有限值，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be an integer, got {value!r}</source>
        <translation>必须是整数，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be one of {choices}, got {value!r}</source>
        <translation>必须是以下之一：{choices}，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a non-empty list of integers, got {value!r}</source>
        <translation>必须是非空的整数列表，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a list of integers, got {value!r} in it</source>
        <translation>必须是整数列表，其中有 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown hyperparameter for {name}; expected one of {names}</source>
        <translation>{name} 没有这个超参数；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown parameter for {name}; expected one of {names}</source>
        <translation>{name} 没有这个参数；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum requires momentum &gt; 0</source>
        <translation>Nesterov 动量法要求 momentum &gt; 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum requires dampening = 0</source>
        <translation>Nesterov 动量法要求 dampening = 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &lt;= 0.5 with three_phase, got {value!r}</source>
        <translation>使用 three_phase 时必须 &lt;= 0.5，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>leaves the warm-up with no steps (pct_start·total_steps = 1)</source>
        <translation>预热阶段没有步（pct_start·total_steps = 1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: a UTF-16 file with bytes that cannot be decoded; save it as UTF-8 CSV</source>
        <translation>{name}，第 {line} 行：UTF-16 文件中有无法解码的字节；请另存为 UTF-8 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: not a UTF-8 text file (byte 0x{byte:02x} cannot be decoded); save it as UTF-8 CSV</source>
        <translation>{name}，第 {line} 行：不是 UTF-8 文本文件（字节 0x{byte:02x} 无法解码）；请另存为 UTF-8 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {size:,} bytes is over the limit of {limit:,}</source>
        <translation>{name}：{size:,} 字节超过了 {limit:,} 的上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {size:,} characters is over the limit of {limit:,}</source>
        <translation>{name}：{size:,} 个字符超过了 {limit:,} 的上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: contains NUL bytes; this is not a CSV text file</source>
        <translation>{name}，第 {line} 行：含有 NUL 字节；这不是 CSV 文本文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: {length:,} characters is over the limit of {limit:,} per line; this does not look like a CSV of numbers</source>
        <translation>{name}，第 {line} 行：{length:,} 个字符超过了每行 {limit:,} 的上限；这看起来不像数值 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: no column named {column!r} for {role} (the first row has: {columns})</source>
        <translation>{name}，第 {line} 行：没有可作为 {role} 的列 {column!r}（第一行有：{columns}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {role} column index {index} is out of range; the file has {count} columns (0 to {last})</source>
        <translation>{name}：{role} 的列号 {index} 超出范围；文件有 {count} 列（0 到 {last}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is empty</source>
        <translation>{name} 是空的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: no rows found</source>
        <translation>{name}：没有找到任何行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, line {line}: only one column found; x and y need two columns separated by commas, semicolons or tabs</source>
        <translation>{name}，第 {line} 行：只找到一列；x 和 y 需要用逗号、分号或制表符分隔的两列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreadable row ({error})</source>
        <translation>无法读取的行（{error}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x and y</source>
        <translation>x 和 y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing {what} (only {count} column)</source>
        <translation>缺少 {what}（只有 {count} 列）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing {what} (only {count} columns)</source>
        <translation>缺少 {what}（只有 {count} 列）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{role} is empty</source>
        <translation>{role} 为空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{role} is ambiguous ({cell}): a thousands separator or a decimal comma? write it without the comma</source>
        <translation>{role} 有歧义（{cell}）：是千位分隔符还是小数逗号？请去掉逗号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{role} is not a number ({cell})</source>
        <translation>{role} 不是数（{cell}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{role} is not finite ({cell})</source>
        <translation>{role} 不是有限值（{cell}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  line {line}: {reason}</source>
        <translation>  第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  and {count} more</source>
        <translation>  另有 {count} 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: no valid data rows in columns {x!r} (x) and {y!r} (y); all {count} rows are bad:
{rows}</source>
        <translation>{name}：列 {x!r}（x）和 {y!r}（y）中没有有效的数据行；全部 {count} 行都有问题：
{rows}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {count} bad rows (fix them or skip bad rows):
{rows}</source>
        <translation>{name}：{count} 行有问题（请修正，或跳过有问题的行）：
{rows}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {count} bad row (fix it or skip bad rows):
{rows}</source>
        <translation>{name}：{count} 行有问题（请修正，或跳过有问题的行）：
{rows}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: no data rows after the header on line {line}</source>
        <translation>{name}：第 {line} 行的表头之后没有数据行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: no data rows found</source>
        <translation>{name}：没有找到数据行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be linear or log, got {value}</source>
        <translation>必须是 linear 或 log，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be an object with a name, got {value}</source>
        <translation>必须是带 name 的对象，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown schedule {value}; expected one of {names}</source>
        <translation>未知的调度 {value}；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be step or epoch, got {value}</source>
        <translation>必须是 step 或 epoch，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be greater than x_min ({low!r}), got {value!r}</source>
        <translation>必须大于 x_min（{low!r}），实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown preset {value}; expected doubling or noisy-line</source>
        <translation>未知的预设 {value}；应为 doubling 或 noisy-line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a file name</source>
        <translation>必须是文件名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a column name or a 0-based column number</source>
        <translation>必须是列名或从 0 开始的列号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a list of numbers</source>
        <translation>必须是数的列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x and y must have the same length, got {x} and {y}</source>
        <translation>x 和 y 的长度必须相同，实际为 {x} 和 {y}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs at least one point</source>
        <translation>至少需要一个点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must have &quot;preset&quot;, &quot;csv&quot;, or &quot;x&quot; and &quot;y&quot;</source>
        <translation>必须含有 &quot;preset&quot;、&quot;csv&quot;，或 &quot;x&quot; 和 &quot;y&quot;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown problem {value}; expected one of {names}</source>
        <translation>未知的问题 {value}；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is required: the function f(x, y) as text</source>
        <translation>是必填项：以文本写出的函数 f(x, y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be [[x_min, x_max], [y_min, y_max]] of finite numbers</source>
        <translation>必须是由有限的数组成的 [[x_min, x_max], [y_min, y_max]]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>each range must have min &lt; max</source>
        <translation>每个范围都必须满足 min &lt; max</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a list of runs, got {value}</source>
        <translation>必须是训练的列表，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is the name of {other} already</source>
        <translation>{name} 已经是 {other} 的名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown optimizer {value}; expected one of {names}</source>
        <translation>未知的优化器 {value}；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be &quot;full&quot; or a whole number &gt;= 1, got {value}</source>
        <translation>必须是 &quot;full&quot; 或 &gt;= 1 的整数，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a list of finite numbers, got {value}</source>
        <translation>必须是有限的数的列表，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the problem {problem} takes no data</source>
        <translation>问题 {problem} 不接受数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the problem {problem} needs data</source>
        <translation>问题 {problem} 需要数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>applies to line problems only, not {problem}</source>
        <translation>只适用于直线问题，不适用于 {problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>give epochs or steps, not both</source>
        <translation>请给出轮数或步数，不要同时给出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>give epochs or steps</source>
        <translation>请给出轮数或步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{problem} needs {want}, got {got} value(s)</source>
        <translation>{problem} 需要 {want}，实际为 {got} 个值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be {version}, got {value}</source>
        <translation>必须是 {version}，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an experiment must be a JSON object</source>
        <translation>实验必须是 JSON 对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not valid JSON ({error})</source>
        <translation>不是有效的 JSON（{error}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not valid JSON: {error} at line {line}, column {column}</source>
        <translation>不是有效的 JSON：第 {line} 行第 {column} 列：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the key {key} is given twice in one object</source>
        <translation>键 {key} 在同一个对象中出现了两次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a whole number of {digits:,} digits is too large</source>
        <translation>{digits:,} 位的整数太大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nested deeper than {depth} levels</source>
        <translation>嵌套超过 {depth} 层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a file name cannot contain a NUL byte</source>
        <translation>文件名不能包含 NUL 字节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read the file: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown preset {name!r}; expected one of {names}</source>
        <translation>未知的预设 {name!r}；应为以下之一：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a number is too large</source>
        <translation>数字太大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule onecycle: total_steps = {total} but the run takes {need} steps; set total_steps to at least {need}</source>
        <translation>调度 onecycle：total_steps = {total}，但运行需要 {need} 步；请把 total_steps 设为至少 {need}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule onecycle: total_steps = {total} but the run takes {need} epochs; set total_steps to at least {need}</source>
        <translation>调度 onecycle：total_steps = {total}，但运行需要 {need} 轮；请把 total_steps 设为至少 {need}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>batch_size must be &gt;= 1, got {value}</source>
        <translation>batch_size 必须 &gt;= 1，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps must be from 0 to {limit:,}, got {value:,}</source>
        <translation>steps 必须在 0 到 {limit:,} 之间，实际为 {value:,}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epochs × steps per epoch must be from 0 to {limit:,}, got {value:,}</source>
        <translation>轮数 × 每轮步数必须在 0 到 {limit:,} 之间，实际为 {value:,}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>init needs {count} value(s) ({names}), got {got}</source>
        <translation>init 需要 {count} 个值（{names}），实际为 {got}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>run {run}: {error}</source>
        <translation>运行 {run}：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>race: unknown setting {key!r}</source>
        <translation>竞赛：未知的设置 {key!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>run {run}: unknown setting {key!r}</source>
        <translation>运行 {run}：未知的设置 {key!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>run {run!r} out of range: the experiment has {count} run(s)</source>
        <translation>运行 {run!r} 超出范围：实验有 {count} 个运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an experiment keeps at least one run</source>
        <translation>实验至少保留一个运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the history is empty: nothing to animate</source>
        <translation>历史记录为空：没有可制作动画的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>n_steps must be &gt;= 0, got {value}</source>
        <translation>n_steps 必须 &gt;= 0，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fps must be &gt; 0, got {value}</source>
        <translation>fps 必须 &gt; 0，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>duration must be &gt; 0 s, got {value}</source>
        <translation>时长必须 &gt; 0 秒，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time must be one of {names}, got {value!r}</source>
        <translation>time 必须是 {names} 之一，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an animation needs at least 2 frames; {fps} fps × {duration} s gives {total}</source>
        <translation>动画至少需要 2 帧；{fps} fps × {duration} 秒只有 {total} 帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot go back: the run given is already past that step</source>
        <translation>无法回退：给定的运行已经越过了那一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step must be 1 or more, got {step}</source>
        <translation>步数必须为 1 或更大，实际为 {step}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run diverged at step {step}</source>
        <translation>运行在第 {step} 步发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run converged at step {step}</source>
        <translation>运行在第 {step} 步收敛</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run has {steps} steps</source>
        <translation>运行共有 {steps} 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step {step} is past the end: {why}.</source>
        <translation>第 {step} 步已超出末尾：{why}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step {step} diverged (the loss or a parameter is not finite), so the run stops at step {last}.</source>
        <translation>第 {step} 步发散（损失或某个参数不是有限值），所以运行停在第 {last} 步。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: the ends must be finite numbers, got {start:g} and {stop:g}</source>
        <translation>{name}：两端必须是有限数，实际为 {start:g} 和 {stop:g}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: the count must be at least 1, got {count}</source>
        <translation>{name}：个数至少为 1，实际为 {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: a log-spaced axis needs ends &gt; 0, got {start:g} and {stop:g}</source>
        <translation>{name}：对数间隔的轴需要两端 &gt; 0，实际为 {start:g} 和 {stop:g}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: one value cannot span {start:g} to {stop:g}; use N ≥ 2</source>
        <translation>{name}：一个值无法覆盖 {start:g} 到 {stop:g}；请使用 N ≥ 2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: expected FROM:TO:COUNT like 1e-3:1:100, got {text!r}</source>
        <translation>{name}：应为 FROM:TO:COUNT 形式（如 1e-3:1:100），实际为 {text!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: FROM and TO must be numbers, got {text!r}</source>
        <translation>{name}：FROM 和 TO 必须是数字，实际为 {text!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: COUNT must be a whole number, got {text!r}</source>
        <translation>{name}：COUNT 必须是整数，实际为 {text!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>each hyperparameter can be swept once, got {names}</source>
        <translation>每个超参数只能扫描一次，实际为 {names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown optimizer {name!r}; choose one of {names}</source>
        <translation>未知的优化器 {name!r}；请从以下选择：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: not a hyperparameter of {optimizer} (it has {names})</source>
        <translation>{name}：不是 {optimizer} 的超参数（它有 {names}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: a true/false setting cannot be swept</source>
        <translation>{name}：真/假设置不能扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: {error} (optimizer {name})</source>
        <translation>{key}：{error}（优化器 {name}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: needs one or more finite values</source>
        <translation>{name}：需要一个或多个有限值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a sweep has one or two axes, got {count}</source>
        <translation>扫描有一个或两个轴，实际为 {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gradient_noise: a sweep cannot add gradient noise; set it to 0</source>
        <translation>gradient_noise：扫描不能添加梯度噪声；请设为 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps: must be at least 1, got {steps}</source>
        <translation>steps：至少为 1，实际为 {steps}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss step: must be between 0 and {steps}, got {step}</source>
        <translation>损失所在步：必须在 0 到 {steps} 之间，实际为 {step}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>target: must be &gt;= 0, got {target}</source>
        <translation>target：必须 &gt;= 0，实际为 {target}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count:,} configurations is too many; at most {limit:,}</source>
        <translation>{count:,} 个配置太多；最多 {limit:,} 个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule {name}: {key} {reason}</source>
        <translation>调度 {name}：{key} {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule onecycle: stepped {count} times, past total_steps = {total}</source>
        <translation>调度 onecycle：已推进 {count} 次，超过了 total_steps = {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule onecycle: pct_start = {pct_start:g} with total_steps = {total} leaves a phase with no steps</source>
        <translation>调度 onecycle：pct_start = {pct_start:g} 配合 total_steps = {total} 会让某个阶段没有步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule must be an object with a name, got {value!r}</source>
        <translation>调度必须是带 name 的对象，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule: unknown name {name!r}; choose one of {names}</source>
        <translation>调度：未知的名称 {name!r}；请从以下选择：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be step or epoch, got {value!r}</source>
        <translation>必须是 step 或 epoch，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule: every must be step or epoch, got {value!r}</source>
        <translation>调度：every 必须是 step 或 epoch，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--schedule: unknown name {name!r}; choose one of {names}</source>
        <translation>--schedule：未知的名称 {name!r}；请从以下选择：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--schedule {name}: cannot read {text!r}; write key=value items separated by commas</source>
        <translation>--schedule {name}：无法读取 {text!r}；请写成用逗号分隔的 key=value 项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--schedule {name}: {key} is given twice</source>
        <translation>--schedule {name}：{key} 给出了两次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs momentum or beta1, which {optimizer} has not; set cycle_momentum=false</source>
        <translation>需要 momentum 或 beta1，而 {optimizer} 没有；请设置 cycle_momentum=false</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} must be a sequence of numbers: {error}</source>
        <translation>{name} 必须是数字序列：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} must be one-dimensional, got shape {shape}</source>
        <translation>{name} 必须是一维的，实际形状为 {shape}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}[{index}] is {value}; data values must be finite</source>
        <translation>{name}[{index}] 为 {value}；数据值必须是有限的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>point index must be an integer, got {value!r}</source>
        <translation>点的索引必须是整数，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>point index {index} is out of range for {count} points</source>
        <translation>点的索引 {index} 超出了 {count} 个点的范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delimiter must be &apos;,&apos;, &apos;;&apos; or a tab, got {value!r}</source>
        <translation>分隔符必须是 &apos;,&apos;、&apos;;&apos; 或制表符，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} must be a number, got {value!r}</source>
        <translation>{name} 必须是数字，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} must be finite, got {value}</source>
        <translation>{name} 必须是有限值，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>n must be an integer &gt;= 1, got {value!r}</source>
        <translation>n 必须是 &gt;= 1 的整数，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>n must be at most {limit:,} points, got {value:,}</source>
        <translation>n 最多为 {limit:,} 个点，实际为 {value:,}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>noise must be &gt;= 0, got {value}</source>
        <translation>noise 必须 &gt;= 0，实际为 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x_min must be less than x_max, got x_min={low}, x_max={high}</source>
        <translation>x_min 必须小于 x_max，实际为 x_min={low}，x_max={high}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seed must be a non-negative integer or None, got {value!r}</source>
        <translation>seed 必须是非负整数或 None，实际为 {value!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seed must be a non-negative integer or None: {error}</source>
        <translation>seed 必须是非负整数或 None：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>noisy_line: the arguments are so large that the values overflow</source>
        <translation>noisy_line：参数太大，数值溢出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loading {name} was cancelled</source>
        <translation>已取消加载 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is {kind}, not a file</source>
        <translation>它是{kind}，不是文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a pipe (FIFO)</source>
        <translation>管道（FIFO）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{size:,} bytes is over the limit of {limit:,}</source>
        <translation>{size:,} 字节超过了 {limit:,} 的上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line {line} is not UTF-8 text (byte 0x{byte:02x})</source>
        <translation>第 {line} 行不是 UTF-8 文本（字节 0x{byte:02x}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operation not permitted</source>
        <translation>不允许的操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No such file or directory</source>
        <translation>没有这个文件或目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only file system</source>
        <translation>只读文件系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is a directory</source>
        <translation>是一个目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a directory</source>
        <translation>不是目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File name too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting value</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting &apos;,&apos; delimiter</source>
        <translation>此处应为 &apos;,&apos; 分隔符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting &apos;:&apos; delimiter</source>
        <translation>此处应为 &apos;:&apos; 分隔符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting property name enclosed in double quotes</source>
        <translation>此处应为用双引号括起的属性名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra data</source>
        <translation>多余的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unterminated string starting at</source>
        <translation>未结束的字符串，开始于</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid \uXXXX escape</source>
        <translation>无效的 \uXXXX 转义</translation>
    </message>
</context>
</TS>
